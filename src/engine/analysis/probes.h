// Small computations the lesson shows beside the trace: layer-0 attention with parts switched off, and
// PCA of embedding vectors. Plain data in, plain data out.
#pragma once
#include <Eigen/Core>
#include <vector>

#include "expected.h"
#include "model/model.h"

namespace attn {

// Layer 0's attention weights for `ids`, optionally without the position embeddings and/or the causal
// mask (to show that attention alone is blind to word order). Returns (NH) matrices of (T, T).
Expected<std::vector<Eigen::MatrixXf>> first_layer_attention(const Model& model, const std::vector<int>& ids,
                                                             bool use_positions, bool causal);

// The first three principal components of the rows of X (N, D): returns (N, 3) coordinates, centred.
Eigen::MatrixXf pca_3d(const Eigen::MatrixXf& x);

}  // namespace attn
