#include "model/model.h"

namespace attn {

RowVector Model::token_embedding(int id) const {
  RowVector v(tok_embed.cols());
  tok_embed.row_to_float(id, v.data());
  return v;
}

size_t Model::weight_bytes() const {
  const auto norm = [](const Norm& n) { return size_t(n.w.size() + n.b.size()) * 4; };
  size_t n = tok_embed.bytes() + lm_head.bytes() + (pos_embed.size() + type_embed.size() + output_bias.size()) * 4 +
             norm(embed_norm) + norm(final_norm) + head_dense.w.bytes() + head_dense.b.size() * 4 + norm(head_norm);
  for (const Block& b : blocks) {
    n += norm(b.attn_norm) + norm(b.mlp_norm);
    for (const Linear* l : {&b.qkv, &b.o_proj, &b.up, &b.gate, &b.down}) n += l->w.bytes() + l->b.size() * 4;
  }
  return n;
}

double Model::parameter_count() const {
  const auto norm = [](const Norm& n) { return double(n.w.size() + n.b.size()); };
  const auto matrix = [](const WeightMatrix& w) { return double(w.rows()) * w.cols(); };
  double n = matrix(tok_embed) + matrix(lm_head) + double(pos_embed.size() + type_embed.size()) + norm(embed_norm) +
             norm(final_norm) + matrix(head_dense.w) + double(head_dense.b.size()) + norm(head_norm) + double(output_bias.size());
  for (const Block& b : blocks) {
    n += norm(b.attn_norm) + norm(b.mlp_norm);
    for (const Linear* l : {&b.qkv, &b.o_proj, &b.up, &b.gate, &b.down}) n += matrix(l->w) + double(l->b.size());
  }
  return n;
}

void Model::set_norm_kinds() {
  const auto set = [&](Norm& n) {
    n.kind = config.traits.norm;
    n.eps = config.norm_eps;
  };
  set(embed_norm);
  set(final_norm);
  head_norm.eps = config.norm_eps;  // BERT's head norm is a LayerNorm whatever the blocks use
  for (Block& b : blocks) {
    set(b.attn_norm);
    set(b.mlp_norm);
  }
}

}  // namespace attn
