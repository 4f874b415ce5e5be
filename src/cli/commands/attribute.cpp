// attn attribute: what every head, MLP and embedding writes into one next-token logit.
#include "analysis/attribution.h"
#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"

#include <algorithm>

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_attribute(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "token", "versus"}, {"stdin"});
  if (!a) return fail(a.error());
  auto in = load_model_and_text(*a, "attribute");
  if (!in) return fail(in.error());
  const Model& model = in->loaded.model;
  const int V = model.config.vocab_size;
  auto tr = trace_tokens(model, in->ids);
  if (!tr) return fail(tr.error());
  const int top = static_cast<int>(std::max_element(tr->logits.begin(), tr->logits.end()) - tr->logits.begin());
  auto token = a->get_int("token", top, -1e9, 1e9);
  auto versus = a->get_int("versus", -1, -1e9, 1e9);
  if (!token) return fail(token.error());
  if (!versus) return fail(versus.error());
  if (*token < 0 || *token >= V) return fail("--token " + std::to_string(*token) + " is outside the vocabulary (0-" + std::to_string(V - 1) + ")");
  if (a->has("versus") && (*versus < 0 || *versus >= V))
    return fail("--versus " + std::to_string(*versus) + " is outside the vocabulary (0-" + std::to_string(V - 1) + ")");
  auto at = attribute_logit(model, *tr, *token, *versus);
  if (!at) return fail(at.error());
  const Tokenizer& tok = in->loaded.tokenizer;
  json out = attribution_json(tok.display_function(), *at);
  out.update(json{{"tokens", display_tokens(tok, in->ids)}, {"ids", in->ids}});
  print_json(out);
  return 0;
}

}  // namespace attn::cli
