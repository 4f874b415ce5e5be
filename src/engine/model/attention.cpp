#include "model/attention.h"

#include <cmath>

#include "compute/kernels.h"
#include "compute/ops.h"

namespace attn {

AttentionOptions AttentionOptions::of(const Config& c) {
  return {c.n_head, c.n_kv_head, c.head_size(), c.traits.causal, c.traits.positions == PositionKind::Rotary,
          c.traits.rope_theta};
}

void attention_forward(Matrix& out, Matrix& w, float* q, int ldq, Matrix& keys, const Matrix& values, int P,
                       const AttentionOptions& o, const AttentionRowSink* sink) {
  const int T = static_cast<int>(out.rows()), Tk = P + T, HS = o.head_size, ldk = static_cast<int>(keys.cols());
  const int group = o.n_head / o.n_kv_head;
  const float scale = 1.0f / std::sqrt(static_cast<float>(HS));
  // 0. positions: rotary models turn each new query and key by its position (the keys once, as cached)
  if (o.rotary) {
    rotary_rows(q, T, ldq, o.n_head, HS, P, o.rope_theta);
    rotary_rows(keys.row(P).data(), T, ldk, o.n_kv_head, HS, P, o.rope_theta);
  }
  out.setZero();
  w.resize(T, keys.rows());  // as wide as the cache: decoding reuses it without allocating
  for (int h = 0; h < o.n_head; ++h) {
    const int kvh = h / group;  // the key/value head this query head shares
    for (int t = 0; t < T; ++t) {
      const float* qt = q + size_t(t) * ldq + h * HS;  // (HS)
      float* row = w.row(t).data();                    // scores, then weights
      const int visible = o.causal ? P + t + 1 : Tk;   // M: the causal mask hides keys after the query
      // 1. scores: q (HS) · kᵀ (HS, visible) → (visible)
      dot_rows(qt, keys.data() + kvh * HS, ldk, visible, HS, row);
      // 2. scaled by 1/√HS
      for (int s = 0; s < visible; ++s) row[s] *= scale;
      // 3. softmax over the visible keys; masked ones get exactly 0
      softmax_prefix(row, visible, Tk);
      // 4. weighted sum: weights (visible) · v (visible, HS) → this head's output (HS)
      weighted_sum(row, values.data() + kvh * HS, static_cast<int>(values.cols()), visible, HS, out.row(t).data() + h * HS);
      if (sink) (*sink)(t, h, row, visible);
    }
  }
}

}  // namespace attn
