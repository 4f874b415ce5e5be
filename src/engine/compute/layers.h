// The parameter types of a transformer layer, as the kernels and ops read them.
// Letters: T = tokens (rows), C = channels.
#pragma once
#include <Eigen/Core>

#include "compute/weight_matrix.h"

namespace attn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// y = x·W + b, W kept as (out, in) so each output's weights are one contiguous row for the kernels (HF's
// Conv1D stores (in, out) and is transposed on the way in). b is empty for a layer without bias.
struct Linear {
  WeightMatrix w;  // (out, in)
  RowVector b;     // (out) or empty
  // HF's (in, out) view of outputs [first, first + n): the W_Q, W_K, W_V slices the lesson shows.
  Matrix in_out_columns(int first, int n) const;
};

enum class NormKind { LayerNorm, RMSNorm };  // (x - mean)/σ·w + b, or x/rms(x)·w

struct Norm {
  NormKind kind = NormKind::LayerNorm;
  RowVector w, b;  // (C); b is empty for RMSNorm
  float eps = 1e-5f;
};

}  // namespace attn
