#include "run/trace.h"

#include <cmath>

#include "compute/kernels.h"

namespace attn {
namespace {

constexpr float kWeightScale = 65535.0f;  // 16-bit fixed point for weights in [0, 1]

// Where query t's rows start in a layer's weights: NH rows of keys(t) per query before it.
size_t weight_offset(const Trace& tr, int t) {
  const size_t before = tr.causal ? size_t(t) * (t + 1) / 2 : size_t(t) * tr.n_tokens;
  return before * tr.n_head;
}

}  // namespace

size_t LayerTrace::bytes() const {
  return (residual.capacity() + q.capacity() + k.capacity() + v.capacity() + concat.capacity() + attn_out.capacity()) *
             sizeof(float) +
         weights.capacity() * sizeof(uint16_t);
}

float Trace::weight(int l, int h, int query, int key) const {
  if (!visible(query, key)) return 0.0f;
  return layers[l]->weights[weight_offset(*this, query) + size_t(h) * keys(query) + key] / kWeightScale;
}

void Trace::weight_row(int l, int h, int query, float* out) const {
  const uint16_t* w = &layers[l]->weights[weight_offset(*this, query) + size_t(h) * keys(query)];
  const int n = keys(query);
  for (int s = 0; s < n_tokens; ++s) out[s] = s < n ? w[s] / kWeightScale : 0.0f;
}

std::vector<float> Trace::weight_row(int l, int h, int query) const {
  std::vector<float> row(n_tokens);
  weight_row(l, h, query, row.data());
  return row;
}

const float* Trace::residual(int l, int t) const {
  return l < n_layer ? &layers[l]->residual[size_t(t) * n_embd] : &final_residual[size_t(t) * n_embd];
}

float Trace::score(int l, int h, int query, int key) const { return dot(q(l, h, query), k(l, h, key), head_size); }

float Trace::scaled(int l, int h, int query, int key) const {
  return score(l, h, query, key) / std::sqrt(static_cast<float>(head_size));
}

std::vector<float> Trace::score_row(int l, int h, int query, bool scaled_too) const {
  std::vector<float> row(n_tokens);
  const float scale = scaled_too ? 1.0f / std::sqrt(static_cast<float>(head_size)) : 1.0f;
  for (int s = 0; s < n_tokens; ++s) row[s] = score(l, h, query, s) * scale;
  return row;
}

size_t Trace::bytes() const {
  size_t n = (final_residual.capacity() + logits.capacity()) * sizeof(float) + ids.capacity() * sizeof(int);
  for (const auto& layer : layers) n += layer ? layer->bytes() : 0;
  return n;
}

size_t trace_bytes(const Config& c, int T) {
  const size_t t = size_t(T), C = c.n_embd, q = size_t(c.n_head) * c.head_size(), kv = c.kv_dim();
  const size_t pairs = c.traits.causal ? t * (t + 1) / 2 : t * t;
  const size_t per_layer = (t * (C + q + 2 * kv + q + C)) * sizeof(float) + pairs * c.n_head * sizeof(uint16_t);
  return size_t(c.n_layer) * per_layer + (t * C + size_t(c.vocab_size)) * sizeof(float) + t * sizeof(int);
}

Trace empty_trace(const Config& c) {
  Trace tr;
  tr.n_layer = c.n_layer;
  tr.n_head = c.n_head;
  tr.n_kv_head = c.n_kv_head;
  tr.head_size = c.head_size();
  tr.n_embd = c.n_embd;
  tr.vocab_size = c.vocab_size;
  tr.causal = c.traits.causal;
  for (int l = 0; l < c.n_layer; ++l) tr.layers.push_back(std::make_shared<LayerTrace>());
  return tr;
}

}  // namespace attn
