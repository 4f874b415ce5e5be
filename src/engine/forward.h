// GPT-2's forward pass: prefill a prompt, then decode one token at a time with a key/value cache.
#pragma once
#include <vector>

#include "expected.h"
#include "model.h"
#include "trace.h"

namespace attn {

// Keys and values of every position seen so far, per layer. (L) × (n_ctx, C) each.
struct KVCache {
  // capacity: positions to hold (at most n_ctx; 0 = n_ctx).
  explicit KVCache(const Config& config, int capacity = 0);
  void clear() { length = 0; }
  int capacity() const { return k.empty() ? 0 : static_cast<int>(k[0].rows()); }
  int length = 0;  // positions filled
  std::vector<Matrix> k, v;
};

// Runs `ids` at positions cache.length.., appends their keys and values to the cache and returns the
// next-token logits (V) after the last one. With `trace` (holding exactly the cached tokens: empty for a
// fresh cache) it records every intermediate, extending the trace by the new tokens' rows, so appending
// one token costs one decode step; without it nothing extra is stored or computed.
Expected<RowVector> forward(const Model& model, KVCache& cache, const std::vector<int>& ids, Trace* trace = nullptr);

// One full pass over `ids` from an empty cache, returning the whole trace.
Expected<Trace> trace_tokens(const Model& model, const std::vector<int>& ids);

}  // namespace attn
