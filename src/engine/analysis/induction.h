// Induction heads: on a text repeated twice (t1..tn t1..tn), an induction head looks from each token of the
// second copy at the token just after its first occurrence, and so predicts what came next last time.
#pragma once
#include <vector>

#include "expected.h"
#include "model/model.h"
#include "run/trace.h"

namespace attn {

struct InductionScore {
  int layer = 0, head = 0;
  float induction = 0;  // mean weight from position n+i on position i+1, i = 0..n-1
  float previous = 0;   // mean weight from t on t-1, t >= 1, on the same doubled text
};

// The scores of every head (layer-major) from the trace of a doubled text of 2n tokens.
std::vector<InductionScore> score_repeated(const Trace& doubled, int n);

// Traces `ids` repeated twice (the first n_ctx / 2 tokens of them; at least two) and scores every head.
// `n_used`, when given, receives the tokens per copy.
Expected<std::vector<InductionScore>> induction_scores(const Model& model, const std::vector<int>& ids, int* n_used = nullptr);

}  // namespace attn
