// The forward pass of any family the model description covers: prefill a text, then decode one token at a
// time with a key/value cache, optionally recording a trace and knocking heads out (ablation.h).
#pragma once
#include <vector>

#include "expected.h"
#include "model/model.h"
#include "run/trace.h"

namespace attn {

struct Ablation;  // ablation.h

// Keys and values of every position seen so far, per layer: (L) × (capacity, KVH·HS) each.
struct KVCache {
  // capacity: positions to hold (at most n_ctx; 0 = n_ctx). make() checks the memory first.
  static Expected<KVCache> make(const Config& config, int capacity = 0);
  void clear() { length = 0; }
  int capacity() const { return k.empty() ? 0 : static_cast<int>(k[0].rows()); }
  int length = 0;  // positions filled
  std::vector<Matrix> k, v;
  RowVector logits;  // (V) next-token logits after the last position run
  std::vector<float> head_scratch;  // output_logits' buffer

  // Buffers every call reuses (same sizes from one decode step to the next), so decoding allocates nothing.
  struct Scratch {
    Matrix x, a, qkv, att, concat, proj, hidden, gate;
  } scratch;
};

// The next-token (or, for an encoder, masked-token) logits of one residual row leaving the last block: the
// final norm (pre-norm models), an encoder's masked-LM head (dense → GELU → norm), the output layer and its
// bias. x (C) → logits (V); `scratch` (≥ C floats) is reused.
void output_logits(const Model& model, const float* x, float* logits, std::vector<float>& scratch);

// The memory a run of T new tokens after P cached ones needs beyond the cache: its scratch buffers and,
// when traced, the trace's growth. forward_into() reserves it before it starts.
size_t run_bytes(const Config& config, int P, int T, bool traced);

// Runs ids[0..n) at positions cache.length.., appends their keys and values to the cache and leaves the
// next-token logits in cache.logits. With `trace` (covering exactly the cached tokens) it records every
// intermediate, extending the trace by the new tokens' rows. With `ablation`, the listed heads' outputs
// are replaced (ablation.h; "mean" averages over the positions of this call, so run the whole text in one
// call). Nothing is allocated once the buffers have grown to a step's size (with no trace). Encoders
// (no causal mask) see the whole text at once: they run from an empty cache only.
Expected<bool> forward_into(const Model& model, KVCache& cache, const int* ids, int n, Trace* trace = nullptr,
                            const Ablation* ablation = nullptr);

// As forward_into, returning a copy of the logits.
Expected<RowVector> forward(const Model& model, KVCache& cache, const std::vector<int>& ids, Trace* trace = nullptr);

// Gives every field of the trace room for T tokens at once, so a text read in chunks appends without
// regrowing (a heap of growing arrays fragments: the page's memory would climb well past the trace's size).
Expected<bool> reserve_trace(Trace& trace, const Config& config, int T);

// Keeps only the first n tokens of a cache and the trace over it (the logits are then stale: run at least
// one token next). Editing a text re-runs from the first changed token instead of from the start.
void truncate(KVCache& cache, Trace& trace, int n);

// One full traced pass over `ids`, with `ablation`'s heads knocked out when given. `clean`, a trace of
// the same ids without the ablation, lends its layers before the first knocked-out head: they are shared,
// not recomputed or copied, and the pass starts from its residual there.
Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids, const Ablation* ablation = nullptr,
                             const Trace* clean = nullptr);
inline Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids, const Ablation& ablation,
                                    const Trace* clean = nullptr) {
  return trace_tokens(model, ids, &ablation, clean);
}

}  // namespace attn
