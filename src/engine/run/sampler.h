// Turns next-token logits into a sorted distribution (for the bar charts) and a chosen token.
#pragma once
#include <vector>

#include "run/rng.h"

namespace attn {

struct SamplerSettings {
  float temperature = 1.0f;  // <= 0 means greedy
  int top_k = 0;             // keep the k most likely; 0 = all
  float top_p = 1.0f;        // keep the smallest set whose probability reaches p; <= 0 means greedy
};

struct Candidate {
  int id;
  float logit;
  float prob;         // softmax(logit / temperature) over the whole vocabulary (temperature 1 when greedy)
  float sample_prob;  // after top-k / top-p, renormalised; 0 for tokens cut off
};

struct Distribution {
  std::vector<Candidate> sorted;  // every token, most likely first
  std::vector<int> rank;          // (V) token id → its index in sorted
  int kept = 0;                   // sorted[0..kept) can be drawn
  bool greedy = false;
  // Token `id`'s entry (a zero entry for an id outside the vocabulary): one lookup, no scan.
  Candidate of(int id) const {
    return id >= 0 && id < static_cast<int>(rank.size()) ? sorted[rank[id]] : Candidate{id, 0, 0, 0};
  }
};

// Applies temperature, top-k and top-p. NaN logits count as -inf.
Distribution make_distribution(const float* logits, int vocab_size, const SamplerSettings& settings);

// Draws a token id from the kept candidates (greedy: the first).
int draw(const Distribution& dist, Rng& rng);

}  // namespace attn
