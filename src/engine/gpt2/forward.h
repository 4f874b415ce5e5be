// GPT-2's forward pass: prefill a prompt, then decode one token at a time with a key/value cache.
#pragma once
#include <vector>

#include "expected.h"
#include "gpt2/model.h"
#include "gpt2/trace.h"

namespace attn {

struct Ablation;  // ablation.h

// Keys and values of every position seen so far, per layer. (L) × (n_ctx, C) each.
struct KVCache {
  // capacity: positions to hold (at most n_ctx; 0 = n_ctx).
  explicit KVCache(const Config& config, int capacity = 0);
  void clear() { length = 0; }
  int capacity() const { return k.empty() ? 0 : static_cast<int>(k[0].rows()); }
  int length = 0;  // positions filled
  std::vector<Matrix> k, v;
  RowVector logits;  // (V) next-token logits after the last position run

  // Buffers every call reuses (same sizes from one decode step to the next), so decoding allocates nothing.
  struct Scratch {
    Matrix x, a, qkv, att, concat, proj, hidden;
  } scratch;
};

// Runs ids[0..n) at positions cache.length.., appends their keys and values to the cache and leaves the
// next-token logits in cache.logits. The decode loop's form: nothing is allocated once the buffers have
// grown to a step's size (with no trace). With `ablation`, the listed heads' outputs are replaced (see
// ablation.h; "mean" averages over the positions of this call, so run the whole text in one call).
Expected<bool> forward_into(const Model& model, KVCache& cache, const int* ids, int n, Trace* trace = nullptr,
                            const Ablation* ablation = nullptr);

// As forward_into, returning a copy of the logits. Runs `ids` at positions cache.length.., appends their keys and values to the cache and returns the
// next-token logits (V) after the last one. With `trace` (holding exactly the cached tokens: empty for a
// fresh cache) it records every intermediate, extending the trace by the new tokens' rows, so appending
// one token costs one decode step; without it nothing extra is stored or computed.
Expected<RowVector> forward(const Model& model, KVCache& cache, const std::vector<int>& ids, Trace* trace = nullptr);

// Keeps only the first n tokens of a cache and the trace over it (the logits are then stale: run at least
// one token next). Editing a text re-runs from the first changed token instead of from the start.
void truncate(const Config& config, KVCache& cache, Trace& trace, int n);

// One full pass over `ids` from an empty cache, returning the whole trace.
Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids);

}  // namespace attn
