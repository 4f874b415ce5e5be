// The parameter types of a transformer layer, as the kernels and ops read them.
// Letters: T = tokens (rows), C = channels.
#pragma once
#include <Eigen/Core>

#include "compute/weight_matrix.h"

namespace attn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// y = x·W + b. HF's Conv1D stores W as (in, out); it is kept transposed, (out, in), so each output's
// weights are one contiguous row for the kernels.
struct Linear {
  WeightMatrix w;  // (out, in)
  RowVector b;     // (out)
  // HF's (in, out) view of outputs [first, first + n): the W_Q, W_K, W_V slices the lesson shows.
  Matrix in_out_columns(int first, int n) const;
};

struct LayerNorm {
  RowVector w, b;  // (C)
};

}  // namespace attn
