// The machine's limit for decode: how fast WebAssembly SIMD can stream exactly the bytes one decoded
// token has to read. Three plain kernels over the same buffer: a matrix-vector product one row at a time,
// the same four rows at a time (sharing loads of x), and a bare read that only adds the bytes up. The
// fastest is the ceiling; bench/run.mjs reports the engine's decode as a fraction of it.
//
// usage: node ceiling.js BYTES [COLS]   prints {"bytes", "seconds_per_pass", "gb_per_s", "kernels": {...}}
#include <wasm_simd128.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace {

float plain_matvec(const float* w, const float* x, float* y, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; ++r) {
    const float* row = w + r * cols;
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (size_t c = 0; c + 16 <= cols; c += 16) {
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(row + c), wasm_v128_load(x + c)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(row + c + 4), wasm_v128_load(x + c + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_v128_load(row + c + 8), wasm_v128_load(x + c + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_v128_load(row + c + 12), wasm_v128_load(x + c + 12)));
    }
    const v128_t s = wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3));
    y[r] = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
           wasm_f32x4_extract_lane(s, 3);
  }
  return y[rows / 2];
}

float four_row_matvec(const float* w, const float* x, float* y, size_t rows, size_t cols) {
  size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    v128_t a[4] = {wasm_f32x4_splat(0), wasm_f32x4_splat(0), wasm_f32x4_splat(0), wasm_f32x4_splat(0)};
    for (size_t c = 0; c + 4 <= cols; c += 4) {
      const v128_t xv = wasm_v128_load(x + c);
      for (int i = 0; i < 4; ++i) a[i] = wasm_f32x4_add(a[i], wasm_f32x4_mul(wasm_v128_load(w + (r + i) * cols + c), xv));
    }
    for (int i = 0; i < 4; ++i) y[r + i] = wasm_f32x4_extract_lane(a[i], 0) + wasm_f32x4_extract_lane(a[i], 3);
  }
  return y[rows / 2];
}

float bare_read(const float* w, const float*, float* y, size_t rows, size_t cols) {
  const size_t n = rows * cols;
  v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (size_t i = 0; i + 16 <= n; i += 16) {
    a0 = wasm_i32x4_add(a0, wasm_v128_load(w + i));
    a1 = wasm_i32x4_add(a1, wasm_v128_load(w + i + 4));
    a2 = wasm_i32x4_add(a2, wasm_v128_load(w + i + 8));
    a3 = wasm_i32x4_add(a3, wasm_v128_load(w + i + 12));
  }
  y[0] = static_cast<float>(wasm_i32x4_extract_lane(wasm_i32x4_add(wasm_i32x4_add(a0, a1), wasm_i32x4_add(a2, a3)), 0));
  return y[0];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ceiling BYTES [COLS]\n");
    return 2;
  }
  const size_t bytes = std::strtoull(argv[1], nullptr, 10);
  const size_t cols = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 768;
  const size_t rows = std::max<size_t>(1, bytes / 4 / cols);
  std::vector<float> w(rows * cols), x(cols, 0.5f), y(rows);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 97) * 1e-3f;  // touch every page
  const double streamed = static_cast<double>(rows * cols * 4);
  float sink = 0;
  double fastest = 1e9;
  std::string kernels;
  const std::pair<const char*, float (*)(const float*, const float*, float*, size_t, size_t)> variants[] = {
      {"matvec_one_row", plain_matvec}, {"matvec_four_rows", four_row_matvec}, {"bare_read", bare_read}};
  for (const auto& [name, kernel] : variants) {
    double best = 1e9;
    for (int pass = 0; pass < 7; ++pass) {  // best of 7: the ceiling, not the average
      const auto t0 = std::chrono::steady_clock::now();
      sink += kernel(w.data(), x.data(), y.data(), rows, cols);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    fastest = std::min(fastest, best);
    char item[96];
    std::snprintf(item, sizeof item, "%s\"%s\": %.3f", kernels.empty() ? "" : ", ", name, streamed / best / 1e9);
    kernels += item;
  }
  std::printf("{\"bytes\": %.0f, \"seconds_per_pass\": %.6f, \"gb_per_s\": %.3f, \"kernels_gb_per_s\": {%s}, \"checksum\": %g}\n",
              streamed, fastest, streamed / fastest / 1e9, kernels.c_str(), sink);
  return 0;
}
