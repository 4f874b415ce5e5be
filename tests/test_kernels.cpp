// Weight packing and the inference kernels against plain double arithmetic on the dequantized weights.
// Built twice: natively (portable kernels) and as WebAssembly (SIMD kernels), run under node by ctest.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "compute/half.h"
#include "compute/kernels.h"
#include "compute/weight_matrix.h"
#include "io/safetensors.h"

using namespace attn;

namespace {

std::vector<float> random_values(size_t n, unsigned seed, float scale = 1.0f) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0f, scale);
  std::vector<float> v(n);
  for (float& x : v) x = normal(gen);
  return v;
}

constexpr WeightFormat kFormats[] = {WeightFormat::F32, WeightFormat::F16, WeightFormat::Int8};

}  // namespace

TEST_CASE("packing keeps F32 exactly, rounds F16 like float_to_half, and int8 within half a step", "[weights]") {
  const int rows = 5, cols = 37;
  const auto v = random_values(size_t(rows) * cols, 1);
  for (bool transposed : {false, true}) {
    const auto value = [&](int r, int c) { return transposed ? v[size_t(c) * rows + r] : v[size_t(r) * cols + c]; };
    const auto f32 = WeightMatrix::pack(v.data(), rows, cols, transposed, WeightFormat::F32);
    const auto f16 = WeightMatrix::pack(v.data(), rows, cols, transposed, WeightFormat::F16);
    const auto i8 = WeightMatrix::pack(v.data(), rows, cols, transposed, WeightFormat::Int8);
    CHECK(f32.bytes() == size_t(rows) * cols * 4);
    CHECK(f16.bytes() == size_t(rows) * cols * 2);
    CHECK(i8.bytes() == size_t(rows) * cols + rows * 4);
    for (int r = 0; r < rows; ++r) {
      float max = 0;
      for (int c = 0; c < cols; ++c) max = std::max(max, std::abs(value(r, c)));
      CHECK(i8.scale(r) == Approx(max / 127).epsilon(1e-6));
      for (int c = 0; c < cols; ++c) {
        CHECK(f32.at(r, c) == value(r, c));
        CHECK(f16.at(r, c) == half_to_float(float_to_half(value(r, c))));
        CHECK(std::abs(i8.at(r, c) - value(r, c)) <= i8.scale(r) * 0.5f + 1e-7f);
      }
    }
  }
}

TEST_CASE("matvec and matmul equal double-precision products of the stored weights", "[weights][kernels]") {
  INFO("kernels: " << kernels_name());
  // Shapes with and without a multiple-of-16 width, odd row counts and odd token counts exercise every tail.
  for (auto [rows, cols] : {std::pair{8, 64}, {7, 37}, {13, 200}, {1, 3}}) {
    const auto v = random_values(size_t(rows) * cols, rows * 31 + cols, 0.5f);
    const auto bias = random_values(rows, 7);
    for (WeightFormat f : kFormats) {
      const auto w = WeightMatrix::pack(v.data(), rows, cols, false, f);
      for (int T : {1, 2, 3, 5}) {
        INFO(weight_format_name(f) << " " << rows << "x" << cols << " T=" << T);
        const int ldx = cols + 3, ldy = rows + 2;  // strided rows, as the forward pass's views are
        const auto x = random_values(size_t(T) * ldx, T);
        std::vector<float> y(size_t(T) * ldy, -99.0f);
        matmul(w, x.data(), T, ldx, bias.data(), y.data(), ldy);
        // Int8 multiplies the activations as rounded to int16 (quantize_activations): exactly that
        // product, and within the rounding of the activations of the unrounded one.
        std::vector<float> xr = x;
        std::vector<int16_t> q(cols);
        for (int t = 0; t < T && f == WeightFormat::Int8; ++t) {
          const float scale = quantize_activations(&x[size_t(t) * ldx], cols, activation_limit(cols), q.data());
          for (int c = 0; c < cols; ++c) xr[size_t(t) * ldx + c] = q[c] * scale;
        }
        double worst = 0, worst_unrounded = 0;
        for (int t = 0; t < T; ++t)
          for (int r = 0; r < rows; ++r) {
            double ref = bias[r], unrounded = bias[r], magnitude = 0;
            for (int c = 0; c < cols; ++c) {
              ref += double(w.at(r, c)) * xr[size_t(t) * ldx + c];
              unrounded += double(w.at(r, c)) * x[size_t(t) * ldx + c];
              magnitude += std::abs(double(w.at(r, c)) * x[size_t(t) * ldx + c]);
            }
            worst = std::max(worst, std::abs(ref - y[size_t(t) * ldy + r]));
            worst_unrounded = std::max(worst_unrounded, std::abs(unrounded - y[size_t(t) * ldy + r]) / (magnitude + 1e-6));
          }
        CHECK(worst < 2e-5);
        CHECK(worst_unrounded < 1e-3);
        for (int t = 0; t < T; ++t)  // the padding between rows is left alone
          for (int r = rows; r < ldy; ++r) CHECK(y[size_t(t) * ldy + r] == -99.0f);
      }
    }
  }
  const auto a = random_values(67, 3), b = random_values(67, 4);
  double ref = 0;
  for (int i = 0; i < 67; ++i) ref += double(a[i]) * b[i];
  CHECK(dot(a.data(), b.data(), 67) == Approx(ref).margin(1e-5));
  std::vector<float> y = b;
  axpy(0.25f, a.data(), y.data(), 67);
  for (int i = 0; i < 67; ++i) CHECK(y[i] == Approx(b[i] + 0.25f * a[i]).margin(1e-6));
}


TEST_CASE("F16 weights widen exactly: zeros, subnormals, the largest half, both signs", "[kernels]") {
  const std::vector<float> special = {0.0f, -0.0f, 1e-7f, -3e-6f, 6.1e-5f, -6.5e-5f, 1.0f, -2.5f, 65504.0f, -65504.0f,
                                      0.1f, -0.333f, 1e-3f, 7.0f, -1024.0f, 3e-8f};
  const int n = static_cast<int>(special.size());
  const auto w = WeightMatrix::pack(special.data(), n, 1, false, WeightFormat::F16);  // one weight per row
  const auto wide = WeightMatrix::pack(special.data(), 1, n, false, WeightFormat::F16);  // one row of them
  const float one = 1.0f;
  std::vector<float> y(n), x2(2 * n, 0.0f), y2(2);
  matvec(w, &one, nullptr, y.data());
  for (int i = 0; i < n; ++i) CHECK(y[i] == half_to_float(float_to_half(special[i])));
  for (int i = 0; i < n; ++i) {  // through the prefill path: each weight picked out by a one-hot token
    std::fill(x2.begin(), x2.end(), 0.0f);
    x2[i] = 1.0f;
    x2[n + i] = -1.0f;
    matmul(wide, x2.data(), 2, n, nullptr, y2.data(), 1);
    CHECK(y2[0] == half_to_float(float_to_half(special[i])));
    CHECK(y2[1] == -half_to_float(float_to_half(special[i])));
  }
}

TEST_CASE("GELU and softmax match their double-precision definitions", "[kernels]") {
  std::vector<float> x;
  for (float v = -12.0f; v <= 12.0f; v += 0.0137f) x.push_back(v);
  x.push_back(-90.0f);
  x.push_back(90.0f);
  std::vector<float> g = x;
  gelu(g.data(), g.size());
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    const double want = 0.5 * v * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v)));
    worst = std::max(worst, std::abs(want - g[i]) / std::max(1.0, std::abs(want)));
  }
  CHECK(worst < 1e-6);

  for (int n : {1, 3, 4, 7, 64, 129}) {
    auto row = random_values(n, n, 4.0f);
    row[0] = 30.0f;  // a dominant score, as attention has
    std::vector<double> want(n);
    double max = -1e30, sum = 0;
    for (float v : row) max = std::max(max, double(v));
    for (int i = 0; i < n; ++i) sum += (want[i] = std::exp(row[i] - max));
    softmax(row.data(), n);
    double total = 0;
    for (int i = 0; i < n; ++i) {
      CHECK(std::abs(row[i] - want[i] / sum) < 1e-6);
      total += row[i];
    }
    CHECK(total == Approx(1.0).margin(1e-5));
  }
}

TEST_CASE("softmax gives impossible (-inf) entries exactly 0, and an all -inf row is uniform", "[kernels]") {
  const float inf = std::numeric_limits<float>::infinity();
  for (int n : {2, 5, 8, 13}) {
    std::vector<float> row(n);
    for (int i = 0; i < n; ++i) row[i] = i % 3 == 1 ? -inf : 0.25f * i;
    std::vector<double> want(n);
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += (want[i] = i % 3 == 1 ? 0.0 : std::exp(0.25 * i - 0.25 * (n - 1 - ((n - 1) % 3 == 1))));
    softmax(row.data(), n);
    for (int i = 0; i < n; ++i) {
      if (i % 3 == 1) CHECK(row[i] == 0.0f);
      else CHECK(std::abs(row[i] - want[i] / sum) < 1e-6);
    }
    softmax(row.data(), 0);  // an empty row is left alone
    std::vector<float> none(n, -inf);
    softmax(none.data(), n);
    for (float v : none) CHECK(v == Approx(1.0 / n));
  }
}

TEST_CASE("int8 activations round to the largest range that cannot overflow int32", "[kernels]") {
  for (int cols : {64, 768, 3072, 6400}) {
    const int limit = activation_limit(cols);
    CHECK(int64_t{127} * limit * cols < (int64_t{1} << 31));
    CHECK(limit <= 32767);
  }
  CHECK(activation_limit(768) == 22016);
  const std::vector<float> x = {0.5f, -2.0f, 1e-4f, 0.0f};
  std::vector<int16_t> q(4);
  const float scale = quantize_activations(x.data(), 4, 1000, q.data());
  CHECK(scale == Approx(2.0f / 1000));
  CHECK(q == std::vector<int16_t>{250, -1000, 0, 0});
  const std::vector<float> zeros(3, 0.0f);
  CHECK(quantize_activations(zeros.data(), 3, 1000, q.data()) == 0.0f);
}

TEST_CASE("attention's per-query products: scores against every key, weighted sum of values", "[kernels]") {
  const int n = 67, ld = 80;  // a head size with a tail, rows of a wider cache
  for (int count : {1, 3, 4, 9, 130}) {
    const auto q = random_values(n, 11), keys = random_values(size_t(count) * ld, 12), w = random_values(count, 13);
    std::vector<float> scores(count, -1.0f), out = random_values(n, 14), start = out;
    dot_rows(q.data(), keys.data(), ld, count, n, scores.data());
    weighted_sum(w.data(), keys.data(), ld, count, n, out.data());
    for (int s = 0; s < count; ++s) {
      double want = 0;
      for (int c = 0; c < n; ++c) want += double(q[c]) * keys[size_t(s) * ld + c];
      CHECK(scores[s] == Approx(want).margin(1e-4));
    }
    for (int c = 0; c < n; ++c) {
      double want = start[c];
      for (int s = 0; s < count; ++s) want += double(w[s]) * keys[size_t(s) * ld + c];
      CHECK(out[c] == Approx(want).margin(1e-4));
    }
  }
}
