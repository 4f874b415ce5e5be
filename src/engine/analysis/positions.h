// How a model places tokens, read from its own numbers.
//   Rotary (Llama family): q and k turn by their positions before the dot product, pair i by angle pos·θᵢ
//   with θᵢ = θ^(-2i/HS). Turning both leaves only their difference, so a query at m and a key at n score
//     q(m)·k(n) = Σᵢ |qᵢ||kᵢ| cos(φᵢ + (m − n)θᵢ)
//   which depends on the distance m − n, not on where the two tokens stand.
//   Learned (GPT-2): a table of one vector per position, added to the token embeddings.
#pragma once
#include <vector>

#include "model/model.h"
#include "run/trace.h"

namespace attn {

// Head h of layer l's query at `query` and key at `key` as the projections made them, before rotation (the
// trace keeps them rotated, as the scores read them). HS values each.
struct UnrotatedPair {
  std::vector<float> q, k;
};
UnrotatedPair unrotated_pair(const Trace& trace, float theta, int layer, int head, int query, int key);

// The scaled score q·k/√HS of those two vectors placed `distance` = 0..max_distance positions apart (the
// query after the key): for every distance the model's real rotary arithmetic, from the trace's own q and k.
std::vector<float> rotary_scores_by_distance(const UnrotatedPair& pair, float theta, int max_distance);

// The angle pair i of a head of size HS turns per position: θ^(-2i/HS) radians.
double rotary_frequency(int pair, int head_size, float theta);

// The centred cosine similarity of learned position embeddings p and every position 0..n-1 (GPT-2's table):
// each row minus the mean row of the whole table, so what every position shares does not hide how they differ.
std::vector<float> position_similarity(const Model& model, int p, int n);

}  // namespace attn
