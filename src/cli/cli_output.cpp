#include "cli_output.h"

#include "text/token_display.h"

#include <iostream>
#include <iterator>
#include <optional>

namespace attn::cli {

using nlohmann::json;

void print_json(const json& j) { std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n"; }

json display_tokens(const Tokenizer& tok, const std::vector<int>& ids) {
  return attn::display_tokens(tok, ids);  // as the page shows them: a cut character named (text/token_display.h)
}

Expected<std::string> read_text(const Args& a, const std::string& option) {
  if (a.has("stdin")) return std::string(std::istreambuf_iterator<char>(std::cin), {});
  if (auto t = a.get(option)) return *t;
  return fail("give --" + option + " TEXT or --stdin");
}

Expected<std::optional<WeightFormat>> weights_option(const Args& a) {
  auto w = a.get("weights");
  if (!w) return std::optional<WeightFormat>();
  auto format = parse_weight_format(*w);
  if (!format) return fail(format.error());
  return std::optional<WeightFormat>(*format);
}

Expected<ModelAndText> load_model_and_text(const Args& a, const std::string& command) {
  auto dir = a.get("model");
  if (!dir) return fail(command + " needs --model DIR");
  auto text = read_text(a, "text");
  if (!text) return fail(text.error());
  auto storage = weights_option(a);
  if (!storage) return fail(storage.error());
  auto m = load_model_dir(*dir, *storage);
  if (!m) return fail(m.error());
  auto ids = m->tokenizer.encode(*text);
  if (ids.empty()) return fail("the text is empty: give at least one token");
  const size_t n_ctx = m->model.config.n_ctx;
  if (ids.size() > n_ctx) ids.erase(ids.begin(), ids.end() - n_ctx);  // keep the last n_ctx tokens
  return ModelAndText{m.take(), std::move(ids)};
}
}  // namespace attn::cli
