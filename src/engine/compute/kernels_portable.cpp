// Native kernels: Eigen's vectorised products for F32, and F16/Int8 rows widened through a table or a
// scale. Native builds are the comparator and the test host; the page runs kernels_wasm_simd.cpp.
#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <vector>

#include "compute/kernels.h"
#include "compute/half.h"

namespace attn {
namespace {

using Dense = WeightMatrix::Dense;
using Strided = Eigen::Map<const Dense, 0, Eigen::OuterStride<>>;
using StridedOut = Eigen::Map<Dense, 0, Eigen::OuterStride<>>;

// Every half's float value: one load instead of a branchy conversion per weight.
const float* half_table() {
  static const std::vector<float> table = [] {
    std::vector<float> t(65536);
    for (uint32_t h = 0; h < 65536; ++h) t[h] = half_to_float(static_cast<uint16_t>(h));
    return t;
  }();
  return table.data();
}

float f16_row_dot(const WeightMatrix& w, int r, const float* x) {
  const int n = w.cols();
  const float* table = half_table();
  const uint16_t* h = w.f16_row(r);
  float acc[4] = {0, 0, 0, 0};
  int c = 0;
  for (; c + 4 <= n; c += 4)
    for (int j = 0; j < 4; ++j) acc[j] += table[h[c + j]] * x[c + j];
  for (; c < n; ++c) acc[0] += table[h[c]] * x[c];
  return acc[0] + acc[1] + acc[2] + acc[3];
}

// Int8 rows times one activation row already rounded to int16 (scale xs): exact int32 sums.
void int8_rows(const WeightMatrix& w, const int16_t* xq, float xs, float* y) {
  for (int r = 0; r < w.rows(); ++r) {
    const int8_t* q = w.i8_row(r);
    int32_t acc = 0;
    for (int c = 0; c < w.cols(); ++c) acc += int32_t{q[c]} * xq[c];
    y[r] = static_cast<float>(acc) * (w.scale(r) * xs);
  }
}

}  // namespace

const char* kernels_name() { return "portable"; }

void matvec(const WeightMatrix& w, const float* x, const float* bias, float* y) {
  const int rows = w.rows(), cols = w.cols();
  if (w.format() == WeightFormat::F32) {
    Eigen::Map<Eigen::VectorXf> out(y, rows);
    out.noalias() = Eigen::Map<const Dense>(w.f32_row(0), rows, cols) * Eigen::Map<const Eigen::VectorXf>(x, cols);
  } else if (w.format() == WeightFormat::F16) {
    for (int r = 0; r < rows; ++r) y[r] = f16_row_dot(w, r, x);
  } else {
    static thread_local std::vector<int16_t> xq;
    if (xq.size() < size_t(cols)) xq.resize(cols);
    const float xs = quantize_activations(x, cols, activation_limit(cols), xq.data());
    int8_rows(w, xq.data(), xs, y);
  }
  if (bias)
    for (int r = 0; r < rows; ++r) y[r] += bias[r];
}

void matmul(const WeightMatrix& w, const float* x, int T, int ldx, const float* bias, float* y, int ldy) {
  if (T == 1) return matvec(w, x, bias, y);
  const int rows = w.rows(), cols = w.cols();
  const Strided X(x, T, cols, Eigen::OuterStride<>(ldx));
  StridedOut Y(y, T, rows, Eigen::OuterStride<>(ldy));
  if (w.format() == WeightFormat::F32) {
    Y.noalias() = X * Eigen::Map<const Dense>(w.f32_row(0), rows, cols).transpose();
  } else if (w.format() == WeightFormat::Int8) {
    for (int t = 0; t < T; ++t) matvec(w, x + size_t(t) * ldx, nullptr, y + size_t(t) * ldy);
  } else {
    // Widen 64 rows at a time (a small scratch that stays in cache) and multiply them as F32.
    constexpr int kBlock = 64;
    Dense block;
    for (int r0 = 0; r0 < rows; r0 += kBlock) {
      const int n = std::min(kBlock, rows - r0);
      block.resize(n, cols);
      for (int r = 0; r < n; ++r) w.row_to_float(r0 + r, block.row(r).data());
      Y.middleCols(r0, n).noalias() = X * block.transpose();
    }
  }
  if (bias)
    for (int t = 0; t < T; ++t)
      for (int r = 0; r < rows; ++r) y[size_t(t) * ldy + r] += bias[r];
}

float dot(const float* a, const float* b, int n) {
  return Eigen::Map<const Eigen::VectorXf>(a, n).dot(Eigen::Map<const Eigen::VectorXf>(b, n));
}

void axpy(float a, const float* x, float* y, int n) {
  Eigen::Map<Eigen::VectorXf>(y, n) += a * Eigen::Map<const Eigen::VectorXf>(x, n);
}

void dot_rows(const float* q, const float* k, int ldk, int count, int n, float* out) {
  Eigen::Map<Eigen::VectorXf>(out, count).noalias() =
      Strided(k, count, n, Eigen::OuterStride<>(ldk)) * Eigen::Map<const Eigen::VectorXf>(q, n);
}

void weighted_sum(const float* w, const float* v, int ldv, int count, int n, float* out) {
  Eigen::Map<Eigen::RowVectorXf>(out, n).noalias() +=
      Eigen::Map<const Eigen::RowVectorXf>(w, count) * Strided(v, count, n, Eigen::OuterStride<>(ldv));
}

void gelu(float* x, size_t n) {
  const float k = 0.7978845608028654f;  // sqrt(2/pi)
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    x[i] = v / (1.0f + std::exp(-2.0f * k * (v + 0.044715f * v * v * v)));
  }
}

void softmax(float* row, int n) {
  if (n <= 0) return;
  const float max = *std::max_element(row, row + n);
  if (max == -std::numeric_limits<float>::infinity()) {  // nothing is possible: no ranking, so uniform
    std::fill(row, row + n, 1.0f / n);
    return;
  }
  float sum = 0;
  for (int s = 0; s < n; ++s) sum += (row[s] = std::exp(row[s] - max));
  const float inv = 1.0f / sum;
  for (int s = 0; s < n; ++s) row[s] *= inv;
}

}  // namespace attn
