#include "compute/ops.h"

#include "compute/kernels.h"

#include <algorithm>
#include <cmath>

namespace attn {

void layernorm_rows(float* out, const float* x, int T, int C, const LayerNorm& ln, float eps) {
  using Row = Eigen::Map<const Eigen::ArrayXf>;
  for (int t = 0; t < T; ++t) {
    const Row in(x + size_t(t) * C, C);
    const float mean = in.sum() / C;
    const float var = (in - mean).square().sum() / C;
    const float rstd = 1.0f / std::sqrt(var + eps);
    Eigen::Map<Eigen::ArrayXf>(out + size_t(t) * C, C) = (in - mean) * rstd * ln.w.array().transpose() + ln.b.array().transpose();
  }
}

void layernorm_forward(Matrix& out, const Matrix& x, const LayerNorm& ln, float eps) {
  out.resize(x.rows(), x.cols());
  layernorm_rows(out.data(), x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), ln, eps);
}

void linear_forward(Matrix& y, const Matrix& x, const Linear& lin) {
  y.resize(x.rows(), lin.w.rows());
  matmul(lin.w, x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), lin.b.data(), y.data(), static_cast<int>(y.cols()));
}

void gelu_forward(Matrix& x) { gelu(x.data(), static_cast<size_t>(x.size())); }

void softmax_prefix(float* row, int visible, int n) {
  softmax(row, visible);
  std::fill(row + visible, row + n, 0.0f);
}

}  // namespace attn
