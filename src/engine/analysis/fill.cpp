#include "analysis/fill.h"

#include "compute/kernels.h"
#include "run/forward.h"

namespace attn {

Expected<std::vector<MaskFill>> fill_masks(const Model& m, const Trace& tr, int mask_id, int top) {
  if (m.head_dense.w.rows() == 0)
    return fail("fill: this model has no masked-LM head (a BertModel checkpoint); load a BertForMaskedLM one");
  std::vector<MaskFill> out;
  std::vector<float> scratch;
  for (int t = 0; t < tr.n_tokens; ++t) {
    if (tr.ids[t] != mask_id) continue;
    MaskFill f{t, {}, std::vector<float>(m.config.vocab_size)};
    output_logits(m, tr.residual(tr.n_layer, t), f.probs.data(), scratch);
    softmax(f.probs.data(), m.config.vocab_size);
    f.top = top_tokens(f.probs.data(), m.config.vocab_size, top);
    out.push_back(std::move(f));
  }
  if (out.empty()) return fail("fill: the text has no [MASK] to fill");
  return out;
}

}  // namespace attn
