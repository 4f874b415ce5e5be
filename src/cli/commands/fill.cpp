// attn fill: an encoder's guesses for each [MASK] in a text (BERT's fill-the-blank).
#include "analysis/fill.h"
#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_fill(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "top", "weights"}, {"stdin"});
  if (!a) return fail(a.error());
  auto top = a->get_int("top", 5, 1, 100);
  if (!top) return fail(top.error());
  auto in = load_model_and_text(*a, "fill");
  if (!in) return fail(in.error());
  const Model& model = in->loaded.model;
  const Tokenizer& tok = in->loaded.tokenizer;
  if (tok.mask_id() < 0) return fail("fill: this model's tokenizer has no [MASK] token (fill is for encoders such as BERT)");
  auto tr = trace_tokens(model, in->ids);
  if (!tr) return fail(tr.error());
  auto fills = fill_masks(model, *tr, tok.mask_id(), *top);
  if (!fills) return fail(fills.error());
  json out = json::array();
  for (const MaskFill& f : *fills) {
    out.push_back({{"position", f.position}, {"top", token_probs_json(tok.display_function(), f.top)}});
  }
  print_json({{"ids", in->ids}, {"tokens", display_tokens(tok, in->ids)}, {"fills", out}});
  return 0;
}

}  // namespace attn::cli
