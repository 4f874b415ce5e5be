#include "gpt2/model.h"

namespace attn {

RowVector Model::token_embedding(int id) const {
  RowVector v(wte.cols());
  wte.row_to_float(id, v.data());
  return v;
}

size_t Model::weight_bytes() const {
  size_t n = wte.bytes() + lm_head.bytes() + wpe.size() * 4 + (ln_f.w.size() + ln_f.b.size()) * 4;
  for (const Block& b : h)
    for (const Linear* l : {&b.c_attn, &b.attn_proj, &b.c_fc, &b.mlp_proj}) n += l->w.bytes() + l->b.size() * 4;
  return n;
}

}  // namespace attn
