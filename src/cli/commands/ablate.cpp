// attn ablate: the next-token distribution with heads knocked out, beside the normal one.
#include "run/ablation.h"
#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"
#include "compute/kernels.h"
#include "analysis/logit_lens.h"

namespace attn::cli {

using nlohmann::json;

namespace {

json top10(const Tokenizer& tok, const std::vector<float>& logits) {
  std::vector<float> probs = logits;
  softmax(probs.data(), static_cast<int>(probs.size()));
  return token_probs_json(tok.display_function(), top_tokens(probs.data(), static_cast<int>(probs.size()), 10));
}

}  // namespace

Expected<int> cmd_ablate(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "heads", "mode"}, {"stdin"});
  if (!a) return fail(a.error());
  auto heads_arg = a->get("heads");
  if (!heads_arg) return fail("ablate needs --heads L.H[,L.H...]");
  auto mode = parse_ablation_mode(a->get("mode").value_or("zero"));
  if (!mode) return fail(mode.error());
  auto in = load_model_and_text(*a, "ablate");
  if (!in) return fail(in.error());
  const Model& model = in->loaded.model;
  auto heads = parse_heads(*heads_arg, model.config);
  if (!heads) return fail(heads.error());
  auto before = trace_tokens(model, in->ids);
  if (!before) return fail(before.error());
  auto after = trace_tokens(model, in->ids, Ablation{*heads, *mode}, &*before);
  if (!after) return fail(after.error());
  json pairs = json::array();
  for (const HeadRef& h : *heads) pairs.push_back({h.layer, h.head});
  const Tokenizer& tok = in->loaded.tokenizer;
  print_json({{"tokens", display_tokens(tok, in->ids)},
              {"ids", in->ids},
              {"heads", pairs},
              {"mode", ablation_mode_name(*mode)},
              {"before", top10(tok, before->logits)},
              {"after", top10(tok, after->logits)},
              {"logits_before", before->logits},
              {"logits_after", after->logits}});
  return 0;
}

}  // namespace attn::cli
