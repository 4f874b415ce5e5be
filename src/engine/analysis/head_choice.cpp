#include "analysis/head_choice.h"

#include <algorithm>
#include <cmath>

#include "compute/kernels.h"
#include "compute/ops.h"

namespace attn {

HeadChoice clearest_head(const Trace& tr, int q) {
  HeadChoice best;
  bool have = false, have_focused = false;
  for (int l = 0; l < tr.n_layer; ++l)
    for (int h = 0; h < tr.n_head; ++h) {
      const std::vector<float> row = tr.weight_row(l, h, q);
      const float* w = row.data();
      const double entropy = entropy_bits(w, tr.keys(q));
      const int top = static_cast<int>(std::max_element(w, w + tr.keys(q)) - w);
      const bool focused = q == 0 || w[0] < 0.5f;  // not simply parked on the first token
      const HeadChoice c{l, h, static_cast<float>(entropy), top, w[top]};
      // A focused head always beats a first-token one; then the lowest entropy wins (first found on ties).
      if (!have || (focused && !have_focused) || (focused == have_focused && c.entropy_bits < best.entropy_bits)) {
        best = c;
        have = true;
        have_focused = focused;
      }
    }
  return best;
}

int most_varied_layer(const Trace& tr) {
  int best = 0;
  double best_score = -1;
  for (int l = 0; l < tr.n_layer; ++l) {
    double total = 0;
    int count = 0;
    for (int q = 1; q < tr.n_tokens; ++q)
      for (int a = 0; a < tr.n_head; ++a)
        for (int b = a + 1; b < tr.n_head; ++b, ++count) {
          const std::vector<float> wa = tr.weight_row(l, a, q), wb = tr.weight_row(l, b, q);
          double tv = 0;
          for (int k = 0; k < tr.keys(q); ++k) tv += std::abs(wa[k] - wb[k]);
          total += tv / 2;
        }
    const double score = count ? total / count : 0;
    if (score > best_score) best_score = score, best = l;
  }
  return best;
}

std::vector<float> row_softmax(const Trace& tr, int l, int h, int q, bool scaled, bool masked) {
  std::vector<float> p = tr.score_row(l, h, q, scaled);
  const int keys = masked ? tr.keys(q) : tr.n_tokens;
  p.resize(keys);
  softmax(p.data(), keys);  // the engine's softmax, the one the forward pass uses
  return p;
}

std::vector<float> unmasked_row(const Trace& tr, int l, int h, int q) { return row_softmax(tr, l, h, q, true, false); }

}  // namespace attn
