#include "analysis/logit_lens.h"

#include <algorithm>

#include "compute/kernels.h"
#include "compute/ops.h"

namespace attn {

std::vector<TokenProb> top_tokens(const float* probs, int n, int top) {
  // One pass with a small sorted list: the vocabulary is large and `top` is small.
  top = std::max(0, std::min(top, n));
  std::vector<TokenProb> best;
  best.reserve(top + 1);
  for (int i = 0; i < n; ++i) {
    if (static_cast<int>(best.size()) == top && (top == 0 || probs[i] <= best.back().prob)) continue;
    auto at = std::upper_bound(best.begin(), best.end(), probs[i], [](float p, const TokenProb& x) { return p > x.prob; });
    best.insert(at, {i, probs[i]});
    if (static_cast<int>(best.size()) > top) best.pop_back();
  }
  return best;
}

Expected<LogitLens> logit_lens(const Model& m, const Trace& tr, int top, int first, int count) {
  const int L = tr.n_layer, C = tr.n_embd, V = tr.vocab_size;
  if (tr.n_tokens == 0 || L != m.config.n_layer || C != m.config.n_embd || V != m.config.vocab_size)
    return fail("logit lens: the trace does not belong to this model");
  first = std::clamp(first, 0, tr.n_tokens - 1);
  const int T = count < 0 ? tr.n_tokens - first : std::clamp(count, 1, tr.n_tokens - first);  // positions covered
  LogitLens lens;
  lens.n_boundaries = L + 1;
  lens.n_tokens = T;
  lens.first_token = first;
  lens.cells.resize(size_t(L + 1) * T);
  // The residual rows of every (boundary, position), in blocks: one pass over wte serves a whole block,
  // and the (rows, V) buffer stays small however long the text is.
  constexpr int kBlock = 32;
  const int rows = (L + 1) * T;  // row r is boundary r / T, position r % T
  Matrix in(kBlock, C), normed(kBlock, C), probs(kBlock, V);
  for (int r0 = 0; r0 < rows; r0 += kBlock) {
    const int n = std::min(kBlock, rows - r0);
    for (int i = 0; i < n; ++i) std::copy_n(tr.residual((r0 + i) / T, first + (r0 + i) % T), C, in.row(i).data());
    if (m.final_norm.w.size()) norm_rows(normed.data(), in.data(), n, C, m.final_norm);
    else normed = in;
    if (m.head_dense.w.rows()) {  // an encoder's masked-LM head: dense → GELU → norm, as output_logits does
      const float* b = m.head_dense.b.size() ? m.head_dense.b.data() : nullptr;
      matmul(m.head_dense.w, normed.data(), n, C, b, in.data(), C);
      gelu_erf_forward(in);
      norm_rows(normed.data(), in.data(), n, C, m.head_norm);
    }
    const float* bias = m.output_bias.size() ? m.output_bias.data() : nullptr;
    matmul(m.output_layer(), normed.data(), n, C, bias, probs.data(), V);  // (n, C) · wteᵀ → (n, V)
    for (int i = 0; i < n; ++i) {
      const int t = first + (r0 + i) % T;
      float* p = probs.row(i).data();
      softmax(p, V);
      LensCell& cell = lens.cells[size_t(r0 + i)];
      cell.top = top_tokens(p, V, top);
      if (t + 1 < tr.n_tokens) {
        cell.next_id = tr.ids[t + 1];
        cell.next_prob = p[cell.next_id];
        cell.next_rank = static_cast<int>(std::count_if(p, p + V, [&](float x) { return x > cell.next_prob; }));
      }
    }
  }
  return lens;
}

}  // namespace attn
