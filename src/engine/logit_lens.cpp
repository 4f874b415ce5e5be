#include "logit_lens.h"

#include <algorithm>
#include <numeric>

#include "kernels.h"
#include "ops.h"

namespace attn {

std::vector<TokenProb> top_tokens(const float* probs, int n, int top) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  top = std::max(0, std::min(top, n));
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](int a, int b) { return probs[a] > probs[b] || (probs[a] == probs[b] && a < b); });
  std::vector<TokenProb> out;
  for (int i = 0; i < top; ++i) out.push_back({order[i], probs[order[i]]});
  return out;
}

Expected<LogitLens> logit_lens(const Model& m, const Trace& tr, int top) {
  const int L = tr.n_layer, T = tr.n_tokens, C = tr.n_embd, V = tr.vocab_size;
  if (T == 0 || L != m.config.n_layer || C != m.config.n_embd || V != m.config.vocab_size)
    return fail("logit lens: the trace does not belong to this model");
  LogitLens lens;
  lens.n_boundaries = L + 1;
  lens.n_tokens = T;
  lens.cells.resize(size_t(L + 1) * T);
  Matrix normed(T, C), probs(T, V);
  for (int l = 0; l <= L; ++l) {
    // All T positions of one boundary at once: (T, C) · wteᵀ → (T, V), one pass over wte.
    layernorm_rows(normed.data(), &tr.residual[tr.stream_index(l, 0)], T, C, m.ln_f, m.config.layer_norm_epsilon);
    matmul(m.wte, normed.data(), T, C, nullptr, probs.data(), V);
    for (int t = 0; t < T; ++t) {
      float* p = probs.row(t).data();
      softmax(p, V);
      LensCell& cell = lens.cells[size_t(l) * T + t];
      cell.top = top_tokens(p, V, top);
      if (t + 1 < T) {
        cell.next_id = tr.ids[t + 1];
        cell.next_prob = p[cell.next_id];
        cell.next_rank = static_cast<int>(std::count_if(p, p + V, [&](float x) { return x > cell.next_prob; }));
      }
    }
  }
  return lens;
}

}  // namespace attn
