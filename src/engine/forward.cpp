#include "forward.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "ops.h"

namespace attn {
namespace {

// Lays the trace out for the old tokens plus `ids`, keeping what was computed for the old ones.
void grow(Trace& tr, const Config& c, const std::vector<int>& ids) {
  const Trace old = std::move(tr);
  const size_t L = c.n_layer, NH = c.n_head, HS = c.head_size(), C = c.n_embd;
  const size_t P = old.n_tokens, T = P + ids.size();
  tr = Trace{};
  tr.n_layer = c.n_layer;
  tr.n_head = c.n_head;
  tr.head_size = c.head_size();
  tr.n_embd = c.n_embd;
  tr.n_tokens = static_cast<int>(T);
  tr.vocab_size = c.vocab_size;
  tr.ids = old.ids;
  tr.ids.insert(tr.ids.end(), ids.begin(), ids.end());
  for (auto [dst, src] : {std::pair{&tr.q, &old.q}, {&tr.k, &old.k}, {&tr.v, &old.v}, {&tr.head_out, &old.head_out}}) {
    dst->assign(L * NH * T * HS, 0.0f);
    for (size_t lh = 0; P && lh < L * NH; ++lh)
      std::copy_n(src->begin() + lh * P * HS, P * HS, dst->begin() + lh * T * HS);
  }
  for (auto [dst, src] : {std::pair{&tr.scores, &old.scores}, {&tr.scaled, &old.scaled}, {&tr.weights, &old.weights}}) {
    dst->assign(L * NH * T * T, 0.0f);
    for (size_t lhr = 0; P && lhr < L * NH * P; ++lhr)  // each old row keeps its first P columns
      std::copy_n(src->begin() + lhr * P, P, dst->begin() + (lhr / P * T + lhr % P) * T);
  }
  for (auto [dst, src] : {std::pair{&tr.concat, &old.concat}, {&tr.attn_out, &old.attn_out}}) {
    dst->assign(L * T * C, 0.0f);
    for (size_t l = 0; P && l < L; ++l) std::copy_n(src->begin() + l * P * C, P * C, dst->begin() + l * T * C);
  }
  tr.residual.assign((L + 1) * T * C, 0.0f);
  for (size_t l = 0; P && l <= L; ++l)
    std::copy_n(old.residual.begin() + l * P * C, P * C, tr.residual.begin() + l * T * C);
  tr.mask.assign(T * T, 0);
  for (size_t t = 0; t < T; ++t)
    for (size_t s = 0; s <= t; ++s) tr.mask[t * T + s] = 1;
}

// Copies src's rows into dst from index `at`, consecutive rows `stride` floats apart.
void copy_rows(std::vector<float>& dst, size_t at, const Eigen::Ref<const Matrix>& src, Eigen::Index stride) {
  for (Eigen::Index r = 0; r < src.rows(); ++r)
    for (Eigen::Index c = 0; c < src.cols(); ++c) dst[at + r * stride + c] = src(r, c);
}

// Causal self-attention for T new queries at positions P..P+T-1 over all P+T cached keys.
// qkv (T, 3C) holds this layer's queries; keys and values are already in the cache. Writes concat (T, C).
void attention_forward(Matrix& concat, const Matrix& qkv, const Matrix& keys, const Matrix& values, int P,
                       const Config& cfg, int layer, Trace* tr) {
  const int T = static_cast<int>(qkv.rows()), Tk = P + T, HS = cfg.head_size(), C = cfg.n_embd;
  const float scale = 1.0f / std::sqrt(static_cast<float>(HS));
  concat.resize(T, C);
  Matrix w(T, Tk);
  for (int h = 0; h < cfg.n_head; ++h) {
    const auto q = qkv.block(0, h * HS, T, HS);
    const auto k = keys.block(0, h * HS, Tk, HS);
    const auto v = values.block(0, h * HS, Tk, HS);
    w.noalias() = q * k.transpose();
    if (tr) copy_rows(tr->scores, tr->att_index(layer, h, P), w, Tk);
    w *= scale;
    if (tr) copy_rows(tr->scaled, tr->att_index(layer, h, P), w, Tk);
    for (int t = 0; t < T; ++t) softmax_prefix(w.row(t).data(), P + t + 1, Tk);
    concat.block(0, h * HS, T, HS).noalias() = w * v;
    if (tr) {
      copy_rows(tr->weights, tr->att_index(layer, h, P), w, Tk);
      copy_rows(tr->q, tr->head_index(layer, h, P), q, HS);
      copy_rows(tr->k, tr->head_index(layer, h, P), k.bottomRows(T), HS);
      copy_rows(tr->v, tr->head_index(layer, h, P), v.bottomRows(T), HS);
      copy_rows(tr->head_out, tr->head_index(layer, h, P), concat.block(0, h * HS, T, HS), HS);
      // Old queries' raw scores on the new keys (future for them, so masked, but shown as numbers).
      for (int r = 0; r < P; ++r)
        for (int c = P; c < Tk; ++c) {
          const float dot = Eigen::Map<const RowVector>(&tr->q[tr->head_index(layer, h, r)], HS).dot(k.row(c));
          tr->scores[tr->att_index(layer, h, r) + c] = dot;
          tr->scaled[tr->att_index(layer, h, r) + c] = dot * scale;
        }
    }
  }
}

}  // namespace

KVCache::KVCache(const Config& c, int capacity) {
  const int rows = capacity > 0 && capacity < c.n_ctx ? capacity : c.n_ctx;
  k.assign(c.n_layer, Matrix(rows, c.n_embd));
  v.assign(c.n_layer, Matrix(rows, c.n_embd));
}

Expected<RowVector> forward(const Model& m, KVCache& cache, const std::vector<int>& ids, Trace* tr) {
  const Config& cfg = m.config;
  const int T = static_cast<int>(ids.size()), P = cache.length, C = cfg.n_embd;
  if (T == 0) return fail("forward: no tokens");
  if (P + T > cfg.n_ctx)
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the context of " + std::to_string(cfg.n_ctx));
  if (P + T > cache.capacity())
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the cache of " + std::to_string(cache.capacity()));
  for (int id : ids)
    if (id < 0 || id >= cfg.vocab_size) return fail("forward: token id " + std::to_string(id) + " is outside the vocabulary");
  if (tr) {
    if (P != tr->n_tokens) return fail("forward: the trace must cover exactly the cached tokens");
    grow(*tr, cfg, ids);
  }

  Matrix x(T, C);  // the residual stream (T, C)
  for (int t = 0; t < T; ++t) x.row(t) = m.wte.row(ids[t]) + m.wpe.row(P + t);
  Matrix a, qkv, concat, proj, hidden;
  for (int l = 0; l < cfg.n_layer; ++l) {
    const Block& b = m.h[l];
    if (tr) copy_rows(tr->residual, tr->stream_index(l, P), x, C);
    layernorm_forward(a, x, b.ln_1, cfg.layer_norm_epsilon);
    linear_forward(qkv, a, b.c_attn);
    cache.k[l].middleRows(P, T) = qkv.middleCols(C, C);
    cache.v[l].middleRows(P, T) = qkv.middleCols(2 * C, C);
    attention_forward(concat, qkv, cache.k[l], cache.v[l], P, cfg, l, tr);
    linear_forward(proj, concat, b.attn_proj);
    x += proj;
    if (tr) {
      copy_rows(tr->concat, tr->stream_index(l, P), concat, C);
      copy_rows(tr->attn_out, tr->stream_index(l, P), proj, C);
    }
    layernorm_forward(a, x, b.ln_2, cfg.layer_norm_epsilon);
    linear_forward(hidden, a, b.c_fc);
    gelu_forward(hidden);
    linear_forward(proj, hidden, b.mlp_proj);
    x += proj;
  }
  if (tr) copy_rows(tr->residual, tr->stream_index(cfg.n_layer, P), x, C);
  cache.length = P + T;

  Matrix last = x.bottomRows(1), normed;
  layernorm_forward(normed, last, m.ln_f, cfg.layer_norm_epsilon);
  RowVector logits = normed.row(0) * m.wte.transpose();  // tied output layer: (C)·(C, V)
  if (tr) tr->logits.assign(logits.data(), logits.data() + logits.size());
  return logits;
}

Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids) {
  KVCache cache(model.config, static_cast<int>(ids.size()));
  Trace trace;
  auto logits = forward(model, cache, ids, &trace);
  if (!logits) return fail(logits.error());
  return trace;
}

}  // namespace attn
