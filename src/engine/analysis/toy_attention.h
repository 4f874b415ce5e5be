// Stand-alone single-head scaled dot-product attention with every intermediate, for the playground:
// X (T, D) → Q = X·W_Q, K = X·W_K, V = X·W_V (T, d_k) → scores Q·Kᵀ → /√d_k → mask → softmax → weights·V.
#pragma once
#include <Eigen/Core>
#include <cstdint>

#include "expected.h"

namespace attn {

struct SingleHeadAttention {
  Eigen::MatrixXf q, k, v;         // (T, d_k)
  Eigen::MatrixXf scores;          // (T, T) Q·Kᵀ
  Eigen::MatrixXf scaled;          // (T, T) scores / √d_k
  Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic> mask;  // (T, T) 1 = visible
  Eigen::MatrixXf weights;         // (T, T) row-wise softmax over visible keys
  Eigen::MatrixXf output;          // (T, d_k) weights·V
};

// W_Q, W_K, W_V are (D, d_k); causal hides keys after each query. Errors on mismatched shapes.
Expected<SingleHeadAttention> single_head_attention(const Eigen::MatrixXf& x, const Eigen::MatrixXf& w_q,
                                                    const Eigen::MatrixXf& w_k, const Eigen::MatrixXf& w_v,
                                                    bool causal);

}  // namespace attn
