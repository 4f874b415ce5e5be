// The element-wise and row-wise pieces of GPT-2, one function each. Rows are tokens.
#pragma once
#include "compute/layers.h"

namespace attn {

// out = (x - mean) / sqrt(var + eps) * w + b, per row. x, out (T, C).
void layernorm_rows(float* out, const float* x, int T, int C, const LayerNorm& ln, float eps);
void layernorm_forward(Matrix& out, const Matrix& x, const LayerNorm& ln, float eps);

// y = x·W + b. x (T, in), y (T, out).
void linear_forward(Matrix& y, const Matrix& x, const Linear& lin);

// GPT-2's tanh approximation of GELU, in place.
void gelu_forward(Matrix& x);

// Softmax over row[0..visible), zeros after it. Returns nothing; row (n).
void softmax_prefix(float* row, int visible, int n);

}  // namespace attn
