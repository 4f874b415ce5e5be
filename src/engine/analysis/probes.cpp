#include "analysis/probes.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "analysis/toy_attention.h"
#include "compute/ops.h"

namespace attn {

Expected<std::vector<Eigen::MatrixXf>> first_layer_attention(const Model& m, const std::vector<int>& ids,
                                                             bool use_positions, bool causal) {
  const Config& c = m.config;
  const int T = static_cast<int>(ids.size()), C = c.n_embd, HS = c.head_size();
  if (T == 0 || T > c.n_ctx) return fail("first_layer_attention: need 1.." + std::to_string(c.n_ctx) + " tokens");
  Matrix x(T, C), a;
  for (int t = 0; t < T; ++t) {
    if (ids[t] < 0 || ids[t] >= c.vocab_size) return fail("first_layer_attention: token id outside the vocabulary");
    x.row(t) = m.token_embedding(ids[t]);
    if (use_positions && m.pos_embed.rows()) x.row(t) += m.pos_embed.row(t);
  }
  norm_forward(a, x, m.blocks[0].attn_norm);
  const Eigen::MatrixXf ln = a;
  std::vector<Eigen::MatrixXf> out;
  for (int h = 0; h < c.n_head; ++h) {
    // The head's slices of W_qkv (its key/value head's, with grouped-query attention), bias folded in as
    // an extra input column of ones.
    const int first[3] = {h * HS, C + c.kv_head_of(h) * HS, C + c.kv_dim() + c.kv_head_of(h) * HS};
    Eigen::MatrixXf x1(T, C + 1);
    x1 << ln, Eigen::VectorXf::Ones(T);
    Eigen::MatrixXf w[3];
    for (int part = 0; part < 3; ++part) {
      w[part].resize(C + 1, HS);
      w[part].topRows(C) = m.blocks[0].qkv.in_out_columns(first[part], HS);
      w[part].row(C) = m.blocks[0].qkv.b.size() ? Eigen::RowVectorXf(m.blocks[0].qkv.b.segment(first[part], HS))
                                                : Eigen::RowVectorXf::Zero(HS);
    }
    auto r = single_head_attention(x1, w[0], w[1], w[2], causal);
    if (!r) return fail(r.error());
    out.push_back(r->weights);
  }
  return out;
}

Eigen::MatrixXf pca_3d(const Eigen::MatrixXf& x) {
  const Eigen::Index n = x.rows(), k = std::min<Eigen::Index>(3, x.cols());
  Eigen::MatrixXf out = Eigen::MatrixXf::Zero(n, 3);
  if (n == 0) return out;
  const Eigen::MatrixXf centred = x.rowwise() - x.colwise().mean();
  const Eigen::MatrixXf cov = centred.transpose() * centred / std::max<Eigen::Index>(1, n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(cov);
  // Eigenvalues come in increasing order: the last columns are the main directions.
  const Eigen::MatrixXf dirs = eig.eigenvectors().rightCols(k).rowwise().reverse();
  out.leftCols(k) = centred * dirs;
  // Fix each axis's sign (largest |coordinate| positive) so the picture does not flip between runs.
  for (Eigen::Index j = 0; j < k; ++j) {
    Eigen::Index i;
    out.col(j).cwiseAbs().maxCoeff(&i);
    if (out(i, j) < 0) out.col(j) *= -1;
  }
  return out;
}

}  // namespace attn
