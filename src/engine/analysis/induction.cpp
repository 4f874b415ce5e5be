#include "analysis/induction.h"

#include <algorithm>

#include "run/forward.h"

namespace attn {

std::vector<InductionScore> score_repeated(const Trace& tr, int n) {
  std::vector<InductionScore> out;
  for (int l = 0; l < tr.n_layer; ++l)
    for (int h = 0; h < tr.n_head; ++h) {
      InductionScore s{l, h};
      for (int i = 0; i < n; ++i) s.induction += tr.weight(l, h, n + i, i + 1) / n;
      for (int t = 1; t < tr.n_tokens; ++t) s.previous += tr.weight(l, h, t, t - 1) / (tr.n_tokens - 1);
      out.push_back(s);
    }
  return out;
}

Expected<std::vector<InductionScore>> induction_scores(const Model& model, const std::vector<int>& ids, int* n_used) {
  const int n = std::min<int>(static_cast<int>(ids.size()), model.config.n_ctx / 2);
  if (n < 2) return fail("induction: the text needs at least two tokens (a one-token copy only attends to itself)");
  std::vector<int> doubled(ids.begin(), ids.begin() + n);
  doubled.insert(doubled.end(), ids.begin(), ids.begin() + n);
  auto tr = trace_tokens(model, doubled);
  if (!tr) return fail(tr.error());
  if (n_used) *n_used = n;
  return score_repeated(*tr, n);
}

}  // namespace attn
