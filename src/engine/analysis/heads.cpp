#include "analysis/heads.h"

#include <cmath>

#include "compute/ops.h"

namespace attn {

const char* head_label_name(HeadLabel label) {
  switch (label) {
    case HeadLabel::PreviousToken: return "previous-token";
    case HeadLabel::FirstToken: return "first-token";
    case HeadLabel::Self: return "self";
    case HeadLabel::Broad: return "broad";
    case HeadLabel::Induction: return "induction";
    case HeadLabel::NextToken: return "next-token";
    case HeadLabel::Special: return "[SEP]/[CLS]";
    case HeadLabel::Mixed: return "mixed";
  }
  return "mixed";
}

namespace {

HeadPattern score_head(const Trace& tr, int l, int h, float threshold, const std::vector<char>& special) {
  HeadPattern p;
  p.layer = l;
  p.head = h;
  const int T = tr.n_tokens;
  if (T < 2) return p;
  int induction_queries = 0;
  std::vector<float> row(T);
  for (int t = 1; t < T; ++t) {
    tr.weight_row(l, h, t, row.data());
    const float* w = row.data();
    p.previous += w[t - 1];
    p.first += w[0];
    p.self += w[t];
    if (t + 1 < T) p.next += w[t + 1];
    for (int s = 0; s < tr.keys(t); ++s)
      if (special[s]) p.special += w[s];
    p.broad += static_cast<float>(entropy_bits(w, tr.keys(t)) / std::log2(tr.keys(t) + 0.0));  // 1: uniform
    // Induction: the token at t appeared at j < t - 1; a copying head looks at j + 1.
    float copy = 0;
    bool seen = false;
    for (int j = 0; j + 1 < t; ++j)
      if (tr.ids[j] == tr.ids[t]) {
        copy += w[j + 1];
        seen = true;
      }
    if (seen) {
      p.induction += copy;
      ++induction_queries;
    }
  }
  const float n = static_cast<float>(T - 1);
  p.previous /= n;
  p.first /= n;
  p.self /= n;
  p.broad /= n;
  p.special /= n;
  p.next = T > 2 ? p.next / (n - 1) : 0.0f;
  p.induction = induction_queries ? p.induction / induction_queries : 0.0f;
  const std::pair<HeadLabel, float> candidates[] = {{HeadLabel::PreviousToken, p.previous}, {HeadLabel::FirstToken, p.first},
                                                    {HeadLabel::Self, p.self}, {HeadLabel::Induction, p.induction},
                                                    {HeadLabel::NextToken, p.next}, {HeadLabel::Special, p.special},
                                                    {HeadLabel::Broad, p.broad}};
  for (const auto& [label, score] : candidates)
    if (score > p.score) {
      p.score = score;
      p.label = label;
    }
  if (p.score < threshold) p.label = HeadLabel::Mixed;
  return p;
}

}  // namespace

std::vector<HeadPattern> classify_heads(const Trace& tr, float threshold, const std::function<bool(int)>& is_special) {
  std::vector<char> special(tr.n_tokens, 0);
  if (is_special)
    for (int t = 0; t < tr.n_tokens; ++t) special[t] = is_special(tr.ids[t]);
  std::vector<HeadPattern> out;
  for (int l = 0; l < tr.n_layer; ++l)
    for (int h = 0; h < tr.n_head; ++h) out.push_back(score_head(tr, l, h, threshold, special));
  return out;
}

}  // namespace attn
