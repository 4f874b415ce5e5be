// What every subcommand shares: JSON output, token display, the --text/--stdin input, and the common
// "load a model, tokenize a text" start.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "args.h"
#include "expected.h"
#include "host/model_dir.h"

namespace attn::cli {

using host::load_model_dir;
using host::load_tokenizer;
using host::read_file;

void print_json(const nlohmann::json& j);  // one line; partial UTF-8 in token text is replaced
nlohmann::json display_tokens(const Tokenizer& tok, const std::vector<int>& ids);
Expected<std::string> read_text(const Args& a, const std::string& option);  // --OPTION T or --stdin

// A loaded model and the ids of --text (or --stdin): at least one token, the last n_ctx kept.
struct ModelAndText {
  LoadedModel loaded;
  std::vector<int> ids;
};
// --weights f32|f16|int8: how the weight matrices are kept (default: as in the file).
Expected<std::optional<WeightFormat>> weights_option(const Args& a);

Expected<ModelAndText> load_model_and_text(const Args& a, const std::string& command);

}  // namespace attn::cli
