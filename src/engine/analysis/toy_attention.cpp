#include "analysis/toy_attention.h"

#include "compute/ops.h"

#include <cmath>
#include <limits>
#include <string>

namespace attn {

Expected<SingleHeadAttention> single_head_attention(const Eigen::MatrixXf& x, const Eigen::MatrixXf& w_q,
                                                    const Eigen::MatrixXf& w_k, const Eigen::MatrixXf& w_v,
                                                    bool causal) {
  const auto D = x.cols();
  if (x.rows() == 0) return fail("attention: no tokens");
  if (w_q.rows() != D || w_k.rows() != D || w_v.rows() != D)
    return fail("attention: W_Q, W_K and W_V need " + std::to_string(D) + " rows, one per input dimension");
  if (w_q.cols() == 0 || w_q.cols() != w_k.cols())
    return fail("attention: W_Q and W_K need the same, non-zero number of columns (d_k)");

  SingleHeadAttention a;
  const auto T = x.rows();
  a.q = x * w_q;
  a.k = x * w_k;
  a.v = x * w_v;
  a.scores = a.q * a.k.transpose();
  a.scaled = a.scores / std::sqrt(static_cast<float>(w_q.cols()));
  a.mask.resize(T, T);
  a.weights.resize(T, T);
  for (Eigen::Index t = 0; t < T; ++t) {
    const int visible = causal ? static_cast<int>(t) + 1 : static_cast<int>(T);  // keys 0..visible-1
    for (Eigen::Index s = 0; s < T; ++s) a.mask(t, s) = s < visible;
    Eigen::RowVectorXf row = a.scaled.row(t);
    softmax_prefix(row.data(), visible, static_cast<int>(T));  // the forward pass's own softmax
    a.weights.row(t) = row;
  }
  a.output = a.weights * a.v;
  return a;
}

}  // namespace attn
