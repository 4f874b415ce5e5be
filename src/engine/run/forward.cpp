#include "run/forward.h"

#include <algorithm>
#include <string>

#include "compute/kernels.h"
#include "compute/memory.h"
#include "compute/ops.h"
#include "model/attention.h"
#include "run/ablation.h"

namespace attn {
namespace {

// Letters: L = layers, NH = query heads, KVH = key/value heads, HS = head size, C = channels, F = MLP
// width, P = tokens already cached, T = new tokens, Tk = P + T keys.

// Where the new tokens' rows go in a trace: layers from `first` on are this run's own (a layer shared with
// another trace is copied before it changes), each field grown by T rows.
struct TraceRows {
  Trace* tr = nullptr;
  int first = 0, P = 0, T = 0;
};

LayerTrace& own(std::shared_ptr<LayerTrace>& layer) {
  if (layer.use_count() > 1) layer = std::make_shared<LayerTrace>(*layer);
  return *layer;
}

template <class V>
void grow(V& v, size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, v.capacity() + v.capacity() / 2));
  v.resize(n);
}

// Calls f(field, element count) on each field of a layer's record for n tokens (`keep_weights`: an encoder
// cut short keeps no weights, every row of them changes).
template <class F>
void each_field(LayerTrace& r, const Trace& tr, size_t n, bool keep_weights, F f) {
  const size_t C = tr.n_embd, q = size_t(tr.n_head) * tr.head_size, kv = size_t(tr.n_kv_head) * tr.head_size;
  const size_t pairs = !keep_weights ? 0 : tr.causal ? n * (n + 1) / 2 : n * n;
  f(r.residual, n * C);
  f(r.q, n * q);
  f(r.k, n * kv);
  f(r.v, n * kv);
  f(r.weights, pairs * tr.n_head);
  f(r.concat, n * q);
  f(r.attn_out, n * C);
}

// Lays the trace out for the old tokens plus `ids`: every owned layer's fields get room for the new rows.
void grow_trace(Trace& tr, const Config& c, const int* ids, int T, int first) {
  const size_t n = size_t(tr.n_tokens) + T;
  tr.ids.insert(tr.ids.end(), ids, ids + T);
  tr.n_tokens = static_cast<int>(n);
  for (int l = first; l < c.n_layer; ++l) each_field(own(tr.layers[l]), tr, n, true, [](auto& v, size_t k) { grow(v, k); });
  grow(tr.final_residual, n * size_t(c.n_embd));
}

// Copies rows [0, T) of a block (row stride ld, `width` values each) to rows P.. of a (·, width) record.
void put_rows(std::vector<float>& dst, int P, const float* src, int T, int width, int ld) {
  for (int t = 0; t < T; ++t) std::copy_n(src + size_t(t) * ld, width, &dst[(size_t(P) + t) * width]);
}

// The MLP's hidden layer from its input a (T, C): gelu(a·W_up), or silu(a·W_gate)·(a·W_up).
void mlp_hidden(KVCache::Scratch& s, const Block& b, MlpKind kind) {
  linear_forward(s.hidden, s.a, b.up);
  if (kind == MlpKind::GeluTanh) return gelu_forward(s.hidden);
  if (kind == MlpKind::Gelu) return gelu_erf_forward(s.hidden);
  linear_forward(s.gate, s.a, b.gate);
  silu_gate_forward(s.gate, s.hidden);
  s.hidden.swap(s.gate);
}

// The blocks from `first` on over the residual stream x (T, C), new tokens at positions P.., and the
// next-token logits of the last one. The chain, per block (pre-norm; post-norm adds first, then norms):
//   residual → norm → q, k, v → attention → (knock-outs) → W_O → + residual → norm → MLP → + residual
void run_blocks(const Model& m, KVCache& cache, int first, const TraceRows& rec, const Ablation* ablation) {
  const Config& cfg = m.config;
  const int P = cache.length, C = cfg.n_embd, HS = cfg.head_size(), QD = cfg.n_head * HS, KV = cfg.kv_dim();
  const bool pre = cfg.traits.norm_before;
  KVCache::Scratch& s = cache.scratch;
  Matrix& x = s.x;  // the residual stream (T, C)
  const int T = static_cast<int>(x.rows());
  const AttentionOptions options = AttentionOptions::of(cfg);
  Trace* tr = rec.tr;
  for (int l = first; l < cfg.n_layer; ++l) {
    const Block& b = m.blocks[l];
    LayerTrace* r = tr ? tr->layers[l].get() : nullptr;
    const int tk = P + T;
    if (r) put_rows(r->residual, P, x.data(), T, C, C);
    // attention
    if (pre) norm_forward(s.a, x, b.attn_norm);
    linear_forward(s.qkv, pre ? s.a : x, b.qkv);
    cache.k[l].middleRows(P, T) = s.qkv.middleCols(QD, KV);
    cache.v[l].middleRows(P, T) = s.qkv.middleCols(QD + KV, KV);
    s.concat.resize(T, QD);
    AttentionRowSink sink;  // only when tracing: building it allocates, and decoding allocates nothing
    if (r)
      sink = [&](int t, int h, const float* w, int visible) {
        const size_t at = (tr->causal ? size_t(P + t) * (P + t + 1) / 2 : size_t(P + t) * tk) * cfg.n_head + size_t(h) * visible;
        for (int k = 0; k < visible; ++k) r->weights[at + k] = static_cast<uint16_t>(w[k] * 65535.0f + 0.5f);
      };
    attention_forward(s.concat, s.att, s.qkv.data(), static_cast<int>(s.qkv.cols()), cache.k[l], cache.v[l], P, options,
                      r ? &sink : nullptr);
    if (ablation && ablation->has_layer(l)) apply_ablation(s.concat, l, *ablation, HS);
    linear_forward(s.proj, s.concat, b.o_proj);
    if (r) {
      put_rows(r->q, P, s.qkv.data(), T, QD, static_cast<int>(s.qkv.cols()));  // rotated in place, as scored
      put_rows(r->k, P, cache.k[l].row(P).data(), T, KV, KV);
      put_rows(r->v, P, cache.v[l].row(P).data(), T, KV, KV);
      put_rows(r->concat, P, s.concat.data(), T, QD, QD);
      put_rows(r->attn_out, P, s.proj.data(), T, C, C);
    }
    x += s.proj;
    if (!pre) norm_forward(x, Matrix(x), b.attn_norm);
    // MLP
    if (pre) norm_forward(s.a, x, b.mlp_norm);
    else s.a = x;
    mlp_hidden(s, b, cfg.traits.mlp);
    linear_forward(s.proj, s.hidden, b.down);
    x += s.proj;
    if (!pre) norm_forward(x, Matrix(x), b.mlp_norm);
  }
  if (tr) put_rows(tr->final_residual, P, x.data(), T, C, C);
  cache.length = P + T;

  // Only the last position's next-token distribution is needed: one row through the output layers.
  output_logits(m, x.row(T - 1).data(), cache.logits.data(), cache.head_scratch);
  if (tr) tr->logits.assign(cache.logits.data(), cache.logits.data() + cache.logits.size());
}

Expected<bool> check_run(const Model& m, const KVCache& cache, const int* ids, int T, const Trace* tr, const Ablation* ablation) {
  const Config& cfg = m.config;
  const int P = cache.length;
  if (T <= 0) return fail("forward: no tokens");
  if (P + T > cfg.n_ctx)
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the context of " + std::to_string(cfg.n_ctx));
  if (P + T > cache.capacity())
    return fail("forward: " + std::to_string(P + T) + " tokens exceed the cache of " + std::to_string(cache.capacity()));
  if (P > 0 && !cfg.traits.causal) return fail("forward: an encoder reads the whole text at once; run it from an empty cache");
  for (int i = 0; i < T; ++i)
    if (ids[i] < 0 || ids[i] >= cfg.vocab_size)
      return fail("forward: token id " + std::to_string(ids[i]) + " is outside the vocabulary");
  if (ablation)
    for (const HeadRef& h : ablation->heads)
      if (h.layer < 0 || h.layer >= cfg.n_layer || h.head < 0 || h.head >= cfg.n_head)
        return fail("forward: there is no head " + std::to_string(h.layer) + "." + std::to_string(h.head) + " to knock out");
  if (tr && (P != tr->n_tokens || int(tr->layers.size()) != cfg.n_layer))
    return fail("forward: the trace must cover exactly the cached tokens");
  // What the run needs beyond the buffers it already holds (a decode step after the first: nothing).
  const KVCache::Scratch& s = cache.scratch;
  size_t held = 0;
  for (const Matrix* b : {&s.x, &s.a, &s.qkv, &s.att, &s.concat, &s.proj, &s.hidden, &s.gate}) held += size_t(b->size()) * sizeof(float);
  const size_t scratch = run_bytes(cfg, P, T, false), trace = tr ? run_bytes(cfg, P, T, true) - scratch : 0;
  const size_t need = (scratch > held ? scratch - held : 0) + trace;
  if (need == 0) return true;
  return reserve_memory(need, "running " + std::to_string(T) + " tokens");
}

// The embeddings of the new tokens (and their positions, for a learned table) into x (T, C).
void embed(const Model& m, Matrix& x, const int* ids, int T, int P) {
  x.resize(T, m.config.n_embd);
  for (int t = 0; t < T; ++t) {
    m.tok_embed.row_to_float(ids[t], x.row(t).data());
    if (m.pos_embed.rows()) x.row(t) += m.pos_embed.row(P + t);
    if (m.type_embed.rows()) x.row(t) += m.type_embed.row(0);  // one segment: token type 0
  }
  if (m.config.traits.embed_norm) norm_forward(x, Matrix(x), m.embed_norm);
}

}  // namespace

void output_logits(const Model& m, const float* x, float* logits, std::vector<float>& s) {
  const int C = m.config.n_embd;
  s.resize(2 * size_t(C));
  float *a = s.data(), *b = s.data() + C;
  if (m.final_norm.w.size()) norm_rows(a, x, 1, C, m.final_norm);
  else std::copy_n(x, C, a);
  if (m.head_dense.w.rows()) {  // BERT's masked-LM transform
    matvec(m.head_dense.w, a, m.head_dense.b.size() ? m.head_dense.b.data() : nullptr, b);
    for (int i = 0; i < C; ++i) b[i] *= 0.5f * (1.0f + std::erf(b[i] * 0.70710678118654752f));
    norm_rows(a, b, 1, C, m.head_norm);
  }
  matvec(m.output_layer(), a, m.output_bias.size() ? m.output_bias.data() : nullptr, logits);
}

Expected<KVCache> KVCache::make(const Config& c, int capacity) {
  const int rows = capacity > 0 && capacity < c.n_ctx ? capacity : c.n_ctx;
  const size_t bytes = 2 * size_t(c.n_layer) * rows * c.kv_dim() * sizeof(float);
  if (auto r = reserve_memory(bytes, "the key/value cache of " + std::to_string(rows) + " tokens"); !r) return fail(r.error());
  KVCache cache;
  cache.k.assign(c.n_layer, Matrix(rows, c.kv_dim()));
  cache.v.assign(c.n_layer, Matrix(rows, c.kv_dim()));
  cache.logits.resize(c.vocab_size);
  return cache;
}

size_t run_bytes(const Config& c, int P, int T, bool traced) {
  const size_t t = T, tk = size_t(P) + T, q = size_t(c.n_head) * c.head_size();
  const size_t gated = c.traits.mlp == MlpKind::GatedSilu ? 2 : 1;
  size_t n = t * (3 * size_t(c.n_embd) + c.qkv_dim() + tk + q + gated * c.n_inner) * sizeof(float);
  if (traced) {
    const size_t pairs = c.traits.causal ? tk * (tk + 1) / 2 : tk * tk;
    n += trace_bytes(c, int(tk)) - trace_bytes(c, P) + pairs * c.n_head * sizeof(uint16_t);  // + one layer's regrowth
  }
  return n;
}

Expected<bool> forward_into(const Model& m, KVCache& cache, const int* ids, int T, Trace* tr, const Ablation* ablation) {
  if (tr && tr->layers.empty() && tr->n_tokens == 0 && cache.length == 0) *tr = empty_trace(m.config);  // a fresh Trace{}
  if (auto ok = check_run(m, cache, ids, T, tr, ablation); !ok) return ok;
  const int P = cache.length;
  if (tr) grow_trace(*tr, m.config, ids, T, 0);
  embed(m, cache.scratch.x, ids, T, P);
  run_blocks(m, cache, 0, {tr, 0, P, T}, ablation);
  return true;
}

Expected<RowVector> forward(const Model& m, KVCache& cache, const std::vector<int>& ids, Trace* tr) {
  auto r = forward_into(m, cache, ids.data(), static_cast<int>(ids.size()), tr);
  if (!r) return fail(r.error());
  return cache.logits;
}

Expected<Trace> trace_tokens(const Model& m, const std::vector<int>& ids, const Ablation* ablation, const Trace* clean) {
  const int T = static_cast<int>(ids.size());
  auto cache = KVCache::make(m.config, std::max(T, 1));
  if (!cache) return fail(cache.error());
  Trace tr = empty_trace(m.config);
  int first = 0;  // the first layer whose output the ablation changes
  if (ablation && !ablation->empty() && clean && clean->ids == ids && int(clean->layers.size()) == m.config.n_layer) {
    first = m.config.n_layer;
    for (const HeadRef& h : ablation->heads) first = std::clamp(h.layer, 0, first);
  }
  if (first == 0) {
    if (auto ok = forward_into(m, *cache, ids.data(), T, &tr, ablation); !ok) return fail(ok.error());
    return tr;
  }
  // Layers before `first` are the clean run's: shared, and the run starts from its residual at `first`.
  if (auto ok = check_run(m, *cache, ids.data(), T, &tr, ablation); !ok) return fail(ok.error());
  for (int l = 0; l < first; ++l) tr.layers[l] = clean->layers[l];
  grow_trace(tr, m.config, ids.data(), T, first);
  Matrix& x = cache->scratch.x;
  x.resize(T, m.config.n_embd);
  for (int t = 0; t < T; ++t) std::copy_n(clean->residual(first, t), m.config.n_embd, x.row(t).data());
  cache->length = 0;
  run_blocks(m, *cache, first, {&tr, first, 0, T}, ablation);
  return tr;
}

Expected<bool> reserve_trace(Trace& tr, const Config& c, int T) {
  if (tr.layers.empty() && tr.n_tokens == 0) tr = empty_trace(c);
  if (auto r = reserve_memory(trace_bytes(c, T) > tr.bytes() ? trace_bytes(c, T) - tr.bytes() : 0,
                              "the trace of " + std::to_string(T) + " tokens");
      !r)
    return r;
  for (auto& layer : tr.layers) each_field(own(layer), tr, size_t(T), true, [](auto& v, size_t k) { v.reserve(k); });
  tr.final_residual.reserve(size_t(T) * c.n_embd);
  return true;
}

void truncate(KVCache& cache, Trace& tr, int n) {
  n = std::clamp(n, 0, std::min(cache.length, tr.n_tokens));
  cache.length = n;
  if (n == tr.n_tokens) return;
  for (auto& layer : tr.layers) each_field(own(layer), tr, size_t(n), tr.causal, [](auto& v, size_t k) { v.resize(k); });
  tr.final_residual.resize(size_t(n) * tr.n_embd);
  tr.ids.resize(n);
  tr.n_tokens = n;
}

}  // namespace attn
