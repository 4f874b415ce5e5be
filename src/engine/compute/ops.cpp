#include "compute/ops.h"

#include "compute/kernels.h"

#include <algorithm>
#include <cmath>

namespace attn {

void norm_rows(float* out, const float* x, int T, int C, const Norm& n) {
  using Row = Eigen::Map<const Eigen::ArrayXf>;
  for (int t = 0; t < T; ++t) {
    const Row in(x + size_t(t) * C, C);
    Eigen::Map<Eigen::ArrayXf> y(out + size_t(t) * C, C);
    if (n.kind == NormKind::RMSNorm) {
      const float rrms = 1.0f / std::sqrt(in.square().sum() / C + n.eps);
      y = in * rrms * n.w.array().transpose();
      continue;
    }
    const float mean = in.sum() / C;
    const float var = (in - mean).square().sum() / C;
    const float rstd = 1.0f / std::sqrt(var + n.eps);
    y = (in - mean) * rstd * n.w.array().transpose() + n.b.array().transpose();
  }
}

void norm_forward(Matrix& out, const Matrix& x, const Norm& n) {
  out.resize(x.rows(), x.cols());
  norm_rows(out.data(), x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), n);
}

void linear_forward(Matrix& y, const Matrix& x, const Linear& lin) {
  y.resize(x.rows(), lin.w.rows());
  const float* bias = lin.b.size() ? lin.b.data() : nullptr;
  matmul(lin.w, x.data(), static_cast<int>(x.rows()), static_cast<int>(x.cols()), bias, y.data(), static_cast<int>(y.cols()));
}

void gelu_forward(Matrix& x) { gelu(x.data(), static_cast<size_t>(x.size())); }

void gelu_erf_forward(Matrix& x) {
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] *= 0.5f * (1.0f + std::erf(x.data()[i] * 0.70710678118654752f));
}

void silu_gate_forward(Matrix& gate, const Matrix& up) {
  for (Eigen::Index i = 0; i < gate.size(); ++i) {
    const float g = gate.data()[i];
    gate.data()[i] = g / (1.0f + std::exp(-g)) * up.data()[i];
  }
}

void rotate_pair_row(float* head, int HS, int pos, float theta) {
  const int half = HS / 2;
  for (int i = 0; i < half; ++i) {
    // Angles in double: at position 8k the float product loses the low bits the reference keeps.
    const double angle = pos * std::pow(double(theta), -2.0 * i / HS);
    const float c = static_cast<float>(std::cos(angle)), s = static_cast<float>(std::sin(angle));
    const float a = head[i], b = head[i + half];
    head[i] = a * c - b * s;
    head[i + half] = b * c + a * s;
  }
}

void rotary_rows(float* x, int T, int ld, int heads, int HS, int first_pos, float theta) {
  for (int t = 0; t < T; ++t)
    for (int h = 0; h < heads; ++h) rotate_pair_row(x + size_t(t) * ld + h * HS, HS, first_pos + t, theta);
}

void softmax_prefix(float* row, int visible, int n) {
  softmax(row, visible);
  std::fill(row + visible, row + n, 0.0f);
}

double entropy_bits(const float* p, int n) {
  double h = 0;
  for (int i = 0; i < n; ++i)
    if (p[i] > 0) h -= p[i] * std::log2(static_cast<double>(p[i]));
  return h;
}

}  // namespace attn
