// The logit lens: what the model would predict if it stopped after layer l. For every layer boundary
// l = 0..n_layer (0 = token + position embeddings; n_layer = the model's real output) and every position t:
//   p = softmax(ln_f(residual[l][t]) · wteᵀ)   (an encoder: through its masked-LM head instead of ln_f)
// At l = n_layer this is exactly the model's own next-token distribution.
#pragma once
#include <vector>

#include "expected.h"
#include "model/model.h"
#include "run/trace.h"

namespace attn {

struct TokenProb {
  int id = 0;
  float prob = 0;
};

struct LensCell {
  std::vector<TokenProb> top;  // the top tokens, likeliest first
  int next_id = -1;            // the token that really comes next in the text (-1 at the last position)
  int next_rank = -1;          // its rank in p (0 = top), -1 when there is no next token
  float next_prob = 0;
};

struct LogitLens {
  int n_boundaries = 0, n_tokens = 0;  // L + 1, the positions covered
  int first_token = 0;                 // positions first_token .. first_token + n_tokens - 1
  std::vector<LensCell> cells;         // (L + 1, n_tokens)
  const LensCell& at(int boundary, int t) const { return cells[size_t(boundary) * n_tokens + (t - first_token)]; }
};

// The lens over positions [first, first + count) of the trace (count -1: to the end), keeping the `top`
// likeliest tokens per cell. Each cell reads the whole vocabulary, so a page asks for a window it shows.
Expected<LogitLens> logit_lens(const Model& model, const Trace& trace, int top = 5, int first = 0, int count = -1);

// The likeliest `top` entries of a probability row, likeliest first.
std::vector<TokenProb> top_tokens(const float* probs, int n, int top);

}  // namespace attn
