// Every intermediate of one forward pass over a text, for the panels and the lesson to read.
// Computed once per text (and again with heads knocked out); panels read it, they never run the model. Flat arrays, row-major, shapes below.
#pragma once
#include <cstdint>
#include <vector>

namespace attn {

struct Trace {
  int n_layer = 0, n_head = 0, head_size = 0, n_embd = 0, n_tokens = 0, vocab_size = 0;  // L NH HS C T V
  std::vector<int> ids;             // (T) the tokens traced
  std::vector<float> q, k, v;       // (L, NH, T, HS) per-head query, key, value rows
  std::vector<float> scores;        // (L, NH, T, T) raw Q·Kᵀ for every pair, future keys included
  std::vector<float> scaled;        // (L, NH, T, T) scores / √HS
  std::vector<uint8_t> mask;        // (T, T) 1 where query t may see key s (s ≤ t): GPT-2 is causal
  std::vector<float> weights;       // (L, NH, T, T) softmax of scaled over visible keys; 0 where masked
  std::vector<float> head_out;      // (L, NH, T, HS) Σ_s weights[t][s]·V[s] (0 or its mean for a knocked-out head)
  std::vector<float> concat;        // (L, T, C) the heads' outputs side by side
  std::vector<float> attn_out;      // (L, T, C) concat·W_O + b (attn.c_proj)
  std::vector<float> residual;      // (L+1, T, C) stream entering layer l; [L] leaves the last block
  std::vector<float> logits;        // (V) next-token logits after the last token

  // Index helpers: start of a (T, T) matrix row or a (T, HS) row.
  size_t att_index(int l, int h, int t) const { return ((size_t(l) * n_head + h) * n_tokens + t) * n_tokens; }
  size_t head_index(int l, int h, int t) const { return ((size_t(l) * n_head + h) * n_tokens + t) * head_size; }
  size_t stream_index(int l, int t) const { return (size_t(l) * n_tokens + t) * n_embd; }
  float weight(int l, int h, int query, int key) const { return weights[att_index(l, h, query) + key]; }
};

}  // namespace attn
