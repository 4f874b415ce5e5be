#include "ops.h"

#include <algorithm>
#include <cmath>

namespace attn {

void layernorm_forward(Matrix& out, const Matrix& x, const LayerNorm& ln, float eps) {
  out.resize(x.rows(), x.cols());
  const float n = static_cast<float>(x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    const float mean = x.row(t).sum() / n;
    const float var = (x.row(t).array() - mean).square().sum() / n;
    const float rstd = 1.0f / std::sqrt(var + eps);
    out.row(t) = ((x.row(t).array() - mean) * rstd * ln.w.array() + ln.b.array()).matrix();
  }
}

void linear_forward(Matrix& y, const Matrix& x, const Linear& lin) {
  y.noalias() = x * lin.w;
  y.rowwise() += lin.b;
}

void gelu_forward(Matrix& x) {
  const float k = std::sqrt(2.0f / static_cast<float>(M_PI));
  x = x.unaryExpr([k](float v) { return 0.5f * v * (1.0f + std::tanh(k * (v + 0.044715f * v * v * v))); });
}

void softmax_prefix(float* row, int visible, int n) {
  const float max = *std::max_element(row, row + visible);
  float sum = 0;
  for (int s = 0; s < visible; ++s) sum += (row[s] = std::exp(row[s] - max));
  for (int s = 0; s < visible; ++s) row[s] /= sum;
  std::fill(row + visible, row + n, 0.0f);
}

}  // namespace attn
