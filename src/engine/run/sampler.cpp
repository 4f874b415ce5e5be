#include "run/sampler.h"

#include "compute/kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

Distribution make_distribution(const float* logits, int V, const SamplerSettings& s) {
  Distribution d;
  d.greedy = !(s.temperature > 0.0f) || !(s.top_p > 0.0f);
  const float temperature = d.greedy ? 1.0f : s.temperature;
  d.sorted.resize(V);
  for (int i = 0; i < V; ++i) {
    const float l = std::isnan(logits[i]) ? -std::numeric_limits<float>::infinity() : logits[i];
    d.sorted[i] = {i, l, 0.0f, 0.0f};
  }
  // Stable on ties so equal logits keep id order on every platform.
  std::stable_sort(d.sorted.begin(), d.sorted.end(), [](const Candidate& a, const Candidate& b) { return a.logit > b.logit; });
  d.rank.resize(V);
  for (int i = 0; i < V; ++i) d.rank[d.sorted[i].id] = i;
  if (V == 0) return d;

  // softmax(logit / temperature); +inf logits carry no ranking among themselves, so they count as equal.
  // (l - max) / T is <= 0 and finite for the top token, so even a tiny T cannot overflow to inf - inf.
  std::vector<float> p(V);
  const float max = d.sorted[0].logit, inf = std::numeric_limits<float>::infinity();
  for (int i = 0; i < V; ++i) {
    const float l = d.sorted[i].logit;
    if (max == inf) p[i] = l == inf ? 0.0f : -inf;
    else if (max == -inf) p[i] = -inf;  // nothing is possible: the softmax makes it uniform
    else p[i] = l == max ? 0.0f : (l - max) / temperature;
  }
  softmax(p.data(), V);
  for (int i = 0; i < V; ++i) d.sorted[i].prob = p[i];

  if (d.greedy) {
    d.kept = 1;
  } else {
    d.kept = s.top_k > 0 ? std::min(s.top_k, V) : V;
    if (s.top_p < 1.0f) {
      double cumulative = 0;
      for (int i = 0; i < d.kept; ++i) {
        cumulative += d.sorted[i].prob;
        if (cumulative >= s.top_p) {
          d.kept = i + 1;
          break;
        }
      }
    }
  }
  double kept_sum = 0;
  for (int i = 0; i < d.kept; ++i) kept_sum += d.sorted[i].prob;
  for (int i = 0; i < d.kept; ++i) d.sorted[i].sample_prob = kept_sum > 0 ? static_cast<float>(d.sorted[i].prob / kept_sum) : 0.0f;
  return d;
}

int draw(const Distribution& d, Rng& rng) {
  if (d.kept == 0) return -1;
  if (d.greedy || d.kept == 1) return d.sorted[0].id;
  const double u = rng.uniform();
  double cumulative = 0;
  for (int i = 0; i < d.kept; ++i) {
    cumulative += d.sorted[i].sample_prob;
    if (u < cumulative) return d.sorted[i].id;
  }
  return d.sorted[d.kept - 1].id;  // rounding left u past the last edge
}

}  // namespace attn
