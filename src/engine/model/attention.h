// Scaled dot-product attention, the one function every family runs:
//   out = softmax(q·kᵀ / √HS + M) · v
// for T new queries at positions P..P+T-1 over the Tk = P + T cached keys and values. The options say what
// differs between families: M is the causal mask (decoders) or nothing (encoders); rotary models turn q
// and k by their positions first; with grouped-query attention each key/value head serves `group` query heads.
// Letters: NH = query heads, KVH = key/value heads, HS = head size.
#pragma once
#include <functional>

#include "compute/layers.h"
#include "model/config.h"

namespace attn {

struct AttentionOptions {
  int n_head = 0, n_kv_head = 0, head_size = 0;
  bool causal = true;
  bool rotary = false;
  float rope_theta = 10000.0f;
  static AttentionOptions of(const Config& config);
};

// Called once per (query t, head h) with that row's weights over its visible keys (`visible` of them).
using AttentionRowSink = std::function<void(int t, int h, const float* weights, int visible)>;

// q (T, NH·HS) rows ldq apart; keys, values (≥Tk, KVH·HS), the new rows P..P+T-1 already written (and
// turned in place here for rotary models, as q is); out (T, NH·HS). w: scratch, (T, cache rows).
void attention_forward(Matrix& out, Matrix& w, float* q, int ldq, Matrix& keys, const Matrix& values, int P,
                       const AttentionOptions& options, const AttentionRowSink* sink = nullptr);

}  // namespace attn
