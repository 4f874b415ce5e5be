#include "gpt2/forward.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "gpt2/ablation.h"
#include "compute/kernels.h"
#include "compute/ops.h"

namespace attn {
namespace {

// Letters: L = layers, NH = heads, HS = head size, C = channels, P = tokens already cached, T = new tokens,
// Tk = P + T keys.

// Copies the first `rows` rows (width floats each) of `count` blocks laid out (src_rows, src_stride) into the
// same places of blocks laid out (dst_rows, dst_stride).
void copy_blocks(std::vector<float>& dst, const std::vector<float>& src, size_t count, size_t rows, size_t width,
                 size_t src_rows, size_t src_stride, size_t dst_rows, size_t dst_stride) {
  for (size_t m = 0; m < count; ++m)
    for (size_t r = 0; r < rows; ++r)
      std::copy_n(&src[(m * src_rows + r) * src_stride], width, &dst[(m * dst_rows + r) * dst_stride]);
}

// Lays out an empty trace for T tokens, then copies the first `keep` tokens' rows (and, of (T, T) rows, their
// first `keep` columns) from `old`: growing after a decode step, shrinking after an edit.
Trace relayout(const Trace& old, const Config& c, size_t T, size_t keep) {
  const size_t L = c.n_layer, NH = c.n_head, HS = c.head_size(), C = c.n_embd, P = old.n_tokens;
  Trace tr;
  tr.n_layer = c.n_layer;
  tr.n_head = c.n_head;
  tr.head_size = c.head_size();
  tr.n_embd = c.n_embd;
  tr.n_tokens = static_cast<int>(T);
  tr.vocab_size = c.vocab_size;
  tr.ids.assign(old.ids.begin(), old.ids.begin() + keep);
  for (auto [dst, src] : {std::pair{&tr.q, &old.q}, {&tr.k, &old.k}, {&tr.v, &old.v}, {&tr.head_out, &old.head_out}}) {
    dst->assign(L * NH * T * HS, 0.0f);  // (L·NH) blocks of (T, HS)
    if (keep) copy_blocks(*dst, *src, L * NH, keep, HS, P, HS, T, HS);
  }
  for (auto [dst, src] : {std::pair{&tr.scores, &old.scores}, {&tr.scaled, &old.scaled}, {&tr.weights, &old.weights}}) {
    dst->assign(L * NH * T * T, 0.0f);  // (L·NH) blocks of (T, T): kept rows keep their first `keep` columns
    if (keep) copy_blocks(*dst, *src, L * NH, keep, keep, P, P, T, T);
  }
  for (auto [dst, src] : {std::pair{&tr.concat, &old.concat}, {&tr.attn_out, &old.attn_out}}) {
    dst->assign(L * T * C, 0.0f);
    if (keep) copy_blocks(*dst, *src, L, keep, C, P, C, T, C);
  }
  tr.residual.assign((L + 1) * T * C, 0.0f);
  if (keep) copy_blocks(tr.residual, old.residual, L + 1, keep, C, P, C, T, C);
  tr.mask.assign(T * T, 0);
  for (size_t t = 0; t < T; ++t)
    for (size_t s = 0; s <= t; ++s) tr.mask[t * T + s] = 1;
  return tr;
}

// Lays the trace out for the old tokens plus `ids`, keeping what was computed for the old ones.
void grow(Trace& tr, const Config& c, const std::vector<int>& ids) {
  const size_t P = tr.n_tokens;
  tr = relayout(tr, c, P + ids.size(), P);
  tr.ids.insert(tr.ids.end(), ids.begin(), ids.end());
}

// Copies src's rows into dst from index `at`, consecutive rows `stride` floats apart.
template <class Rows>
void copy_rows(std::vector<float>& dst, size_t at, const Rows& src, Eigen::Index stride) {
  for (Eigen::Index r = 0; r < src.rows(); ++r)
    for (Eigen::Index c = 0; c < src.cols(); ++c) dst[at + r * stride + c] = src(r, c);
}

// For the viewer, beside the math: head h's q, k, v, weights and output for the new rows, and its raw
// and scaled scores for every pair (the masked ones too, which the math never needs). weights (T, ≥Tk).
void record_head(Trace& tr, int l, int h, int P, const Matrix& qkv, const Matrix& keys, const Matrix& values,
                 const Matrix& weights, const Matrix& concat, float scale) {
  const int T = static_cast<int>(qkv.rows()), Tk = P + T, HS = tr.head_size;
  const auto k = keys.block(0, h * HS, Tk, HS), v = values.block(0, h * HS, Tk, HS);
  copy_rows(tr.q, tr.head_index(l, h, P), qkv.block(0, h * HS, T, HS), HS);
  copy_rows(tr.k, tr.head_index(l, h, P), k.bottomRows(T), HS);
  copy_rows(tr.v, tr.head_index(l, h, P), v.bottomRows(T), HS);
  copy_rows(tr.weights, tr.att_index(l, h, P), weights.leftCols(Tk), Tk);
  copy_rows(tr.head_out, tr.head_index(l, h, P), concat.block(0, h * HS, T, HS), HS);
  // New rows: every key; old rows: the new keys (future for them, so masked, but shown as numbers).
  for (int r = 0; r < Tk; ++r)
    for (int c = r < P ? P : 0; c < Tk; ++c) {
      const float d = dot(&tr.q[tr.head_index(l, h, r)], k.row(c).data(), HS);
      tr.scores[tr.att_index(l, h, r) + c] = d;
      tr.scaled[tr.att_index(l, h, r) + c] = d * scale;
    }
}

// Causal self-attention, softmax(q·kᵀ/√HS + M)·v, for T new queries (positions P..P+T-1) over the Tk
// cached keys and values, one head at a time. qkv (T, 3C) holds the queries; writes concat (T, C).
// w (T, ≥Tk) is scratch: as wide as the cache, so decoding reuses it without allocating.
void attention_forward(Matrix& concat, Matrix& w, const Matrix& qkv, const Matrix& keys, const Matrix& values, int P,
                       const Config& cfg, int layer, Trace* tr) {
  const int T = static_cast<int>(qkv.rows()), HS = cfg.head_size(), C = cfg.n_embd;
  const float scale = 1.0f / std::sqrt(static_cast<float>(HS));
  concat.resize(T, C);
  concat.setZero();
  w.resize(T, keys.rows());
  for (int h = 0; h < cfg.n_head; ++h) {
    for (int t = 0; t < T; ++t) {
      const float* q = qkv.row(t).data() + h * HS;  // (HS)
      float* row = w.row(t).data();                 // scores, then weights
      const int visible = P + t + 1;                // keys 0..P+t; the mask hides the rest
      // 1. scores: q (HS) · kᵀ (HS, visible) → (visible)
      dot_rows(q, keys.data() + h * HS, C, visible, HS, row);
      // 2. scaled by 1/√HS
      for (int s = 0; s < visible; ++s) row[s] *= scale;
      // 3. causal softmax: weights over the visible keys, exactly 0 for the masked ones
      softmax_prefix(row, visible, P + T);
      // 4. weighted sum: weights (visible) · v (visible, HS) → this head's output (HS)
      weighted_sum(row, values.data() + h * HS, C, visible, HS, concat.row(t).data() + h * HS);
    }
    if (tr) record_head(*tr, layer, h, P, qkv, keys, values, w, concat, scale);
  }
}

}  // namespace

KVCache::KVCache(const Config& c, int capacity) {
  const int rows = capacity > 0 && capacity < c.n_ctx ? capacity : c.n_ctx;
  k.assign(c.n_layer, Matrix(rows, c.n_embd));
  v.assign(c.n_layer, Matrix(rows, c.n_embd));
  logits.resize(c.vocab_size);
}

Expected<bool> forward_into(const Model& m, KVCache& cache, const int* ids, int T, Trace* tr, const Ablation* ablation) {
  const Config& cfg = m.config;
  const int P = cache.length, C = cfg.n_embd;
  if (T <= 0) return fail("forward: no tokens");
  if (P + T > cfg.n_ctx)
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the context of " + std::to_string(cfg.n_ctx));
  if (P + T > cache.capacity())
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the cache of " + std::to_string(cache.capacity()));
  for (int i = 0; i < T; ++i)
    if (ids[i] < 0 || ids[i] >= cfg.vocab_size)
      return fail("forward: token id " + std::to_string(ids[i]) + " is outside the vocabulary");
  if (ablation)
    for (const HeadRef& h : ablation->heads)
      if (h.layer < 0 || h.layer >= cfg.n_layer || h.head < 0 || h.head >= cfg.n_head)
        return fail("forward: there is no head " + std::to_string(h.layer) + "." + std::to_string(h.head) + " to knock out");
  if (tr) {
    if (P != tr->n_tokens) return fail("forward: the trace must cover exactly the cached tokens");
    grow(*tr, cfg, std::vector<int>(ids, ids + T));
  }

  KVCache::Scratch& s = cache.scratch;
  Matrix& x = s.x;  // the residual stream (T, C)
  x.resize(T, C);
  for (int t = 0; t < T; ++t) {
    m.wte.row_to_float(ids[t], x.row(t).data());
    x.row(t) += m.wpe.row(P + t);
  }
  for (int l = 0; l < cfg.n_layer; ++l) {
    const Block& b = m.h[l];
    if (tr) copy_rows(tr->residual, tr->stream_index(l, P), x, C);
    layernorm_forward(s.a, x, b.ln_1, cfg.layer_norm_epsilon);
    linear_forward(s.qkv, s.a, b.c_attn);
    cache.k[l].middleRows(P, T) = s.qkv.middleCols(C, C);
    cache.v[l].middleRows(P, T) = s.qkv.middleCols(2 * C, C);
    attention_forward(s.concat, s.att, s.qkv, cache.k[l], cache.v[l], P, cfg, l, tr);
    if (ablation && ablation->has_layer(l)) {
      apply_ablation(s.concat, l, *ablation, cfg.head_size());
      for (const HeadRef& h : ablation->heads)  // the trace shows what W_O really read
        if (tr && h.layer == l)
          copy_rows(tr->head_out, tr->head_index(l, h.head, P), s.concat.middleCols(h.head * cfg.head_size(), cfg.head_size()),
                    cfg.head_size());
    }
    linear_forward(s.proj, s.concat, b.attn_proj);
    x += s.proj;
    if (tr) {
      copy_rows(tr->concat, tr->stream_index(l, P), s.concat, C);
      copy_rows(tr->attn_out, tr->stream_index(l, P), s.proj, C);
    }
    layernorm_forward(s.a, x, b.ln_2, cfg.layer_norm_epsilon);
    linear_forward(s.hidden, s.a, b.c_fc);
    gelu_forward(s.hidden);
    linear_forward(s.proj, s.hidden, b.mlp_proj);
    x += s.proj;
  }
  if (tr) copy_rows(tr->residual, tr->stream_index(cfg.n_layer, P), x, C);
  cache.length = P + T;

  // Only the last position's next-token distribution is needed: one row through ln_f and the tied output layer.
  s.a.resize(1, C);
  layernorm_rows(s.a.data(), x.row(T - 1).data(), 1, C, m.ln_f, cfg.layer_norm_epsilon);
  matvec(m.output_layer(), s.a.data(), nullptr, cache.logits.data());
  if (tr) tr->logits.assign(cache.logits.data(), cache.logits.data() + cache.logits.size());
  return true;
}

Expected<RowVector> forward(const Model& m, KVCache& cache, const std::vector<int>& ids, Trace* tr) {
  auto r = forward_into(m, cache, ids.data(), static_cast<int>(ids.size()), tr);
  if (!r) return fail(r.error());
  return cache.logits;
}

Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids) {
  KVCache cache(model.config, static_cast<int>(ids.size()));
  Trace trace;
  auto logits = forward(model, cache, ids, &trace);
  if (!logits) return fail(logits.error());
  return trace;
}

void truncate(const Config& config, KVCache& cache, Trace& trace, int n) {
  n = std::clamp(n, 0, std::min(cache.length, trace.n_tokens));
  trace = relayout(trace, config, size_t(n), size_t(n));
  cache.length = n;
}

}  // namespace attn
