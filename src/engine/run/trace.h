// Every intermediate of one forward pass over a text that the panels and the lesson read. Computed once per
// text (extended by a decode step, re-run from the first changed token after an edit); panels read it and
// never run the model.
//
// It is kept within a budget that trace_bytes() gives from the model's shape and the text's length:
//   - attention weights as 16-bit fixed point (w · 65535, within 8e-6 of the float: far inside the 1e-4 the
//     references ask) and, for causal models, only the visible keys of each row;
//   - raw and scaled scores are not stored: score() recomputes q·k for the pair asked for;
//   - each layer is its own record, token-major, so a decode step appends rows and a knocked-out run shares
//     the layers before its first knocked-out head with the clean trace instead of holding a second copy.
// Letters: L = layers, NH = query heads, KVH = key/value heads, HS = head size, C = channels, T = tokens.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "model/config.h"

namespace attn {

// One layer's record, token-major: row t of every field is appended when token t runs.
struct LayerTrace {
  std::vector<float> residual;  // (T, C) the stream entering the layer
  std::vector<float> q;         // (T, NH·HS) queries as the scores read them (rotated, for rotary models)
  std::vector<float> k, v;      // (T, KVH·HS) keys (rotated likewise) and values
  std::vector<uint16_t> weights;  // per query t, (NH, keys(t)): softmax weights, 16-bit fixed point
  std::vector<float> concat;    // (T, NH·HS) the heads' outputs side by side, as W_O reads them (knock-outs applied)
  std::vector<float> attn_out;  // (T, C) concat·W_O + b
  size_t bytes() const;         // capacity held
};

struct Trace {
  int n_layer = 0, n_head = 0, n_kv_head = 0, head_size = 0, n_embd = 0, n_tokens = 0, vocab_size = 0;
  bool causal = true;
  std::vector<int> ids;                             // (T) the tokens traced
  std::vector<std::shared_ptr<LayerTrace>> layers;  // (L); shared between a clean and a knocked-out trace
  std::vector<float> final_residual;                // (T, C) the stream leaving the last block
  std::vector<float> logits;                        // (V) next-token logits after the last token

  // Keys query t sees: 0..t in a causal model, all T in an encoder; its weights are 0 past them.
  int keys(int t) const { return causal ? t + 1 : n_tokens; }
  bool visible(int query, int key) const { return !causal || key <= query; }
  float weight(int l, int h, int query, int key) const;
  void weight_row(int l, int h, int query, float* out) const;  // out (T): 0 where masked
  std::vector<float> weight_row(int l, int h, int query) const;
  const float* q(int l, int h, int t) const { return &layers[l]->q[(size_t(t) * n_head + h) * head_size]; }
  const float* k(int l, int h, int t) const { return &layers[l]->k[(size_t(t) * n_kv_head + kv_head(h)) * head_size]; }
  const float* v(int l, int h, int t) const { return &layers[l]->v[(size_t(t) * n_kv_head + kv_head(h)) * head_size]; }
  const float* head_out(int l, int h, int t) const { return &layers[l]->concat[(size_t(t) * n_head + h) * head_size]; }
  const float* concat(int l, int t) const { return &layers[l]->concat[size_t(t) * n_head * head_size]; }
  const float* attn_out(int l, int t) const { return &layers[l]->attn_out[size_t(t) * n_embd]; }
  // The stream entering layer l (l = L: leaving the last block), at token t.
  const float* residual(int l, int t) const;
  // Raw q·k of a pair and q·k/√HS, computed from the stored q and k (future keys too: the mask view shows them).
  float score(int l, int h, int query, int key) const;
  float scaled(int l, int h, int query, int key) const;
  std::vector<float> score_row(int l, int h, int query, bool scaled) const;  // (T): every key, future ones too
  int kv_head(int h) const { return h / (n_head / n_kv_head); }
  size_t bytes() const;  // memory held, shared layers counted once per trace
};

// The bytes a trace of T tokens takes for this model (what bytes() reports once it is computed).
size_t trace_bytes(const Config& config, int T);

// An empty trace shaped for the model.
Trace empty_trace(const Config& config);

}  // namespace attn
