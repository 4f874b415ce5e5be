// attn tokenize: GPT-2 token ids and their display text for a text (or raw bytes on stdin).
#include "cli_output.h"
#include "commands.h"

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_tokenize(const Argv& argv) {
  auto a = Args::parse(argv, {"text", "model"}, {"stdin"});
  if (!a) return fail(a.error());
  auto text = read_text(*a, "text");
  if (!text) return fail(text.error());
  Expected<Tokenizer> tok = fail("");
  if (auto dir = a->get("model")) {
    auto m = load_model_dir(*dir);
    if (!m) return fail(m.error());
    tok = std::move(m->tokenizer);
  } else {
    tok = load_tokenizer();
  }
  if (!tok) return fail(tok.error());
  const auto ids = tok->encode(*text);
  print_json({{"ids", ids}, {"tokens", display_tokens(*tok, ids)}});
  return 0;
}

}  // namespace attn::cli
