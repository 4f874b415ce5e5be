// WebAssembly SIMD (128-bit) kernels. Eigen 3.4 has no wasm SIMD packet math, so the loops that carry
// nearly all of the work are written here with wasm_simd128.h. Weight rows are streamed once per call;
// F16 and Int8 are widened to F32 in registers, never to a full-size copy.
#include <wasm_simd128.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels.h"

namespace attn {
namespace {

inline float hsum(v128_t v) {
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

// Four halves, sign-extended to i32 lanes, to floats: shifting left 13 puts exponent and mantissa in
// float position (the sign lands at bit 31 from the extension), the mask drops the copies of the sign
// between them, and one multiply by 2^112 moves the exponent bias from 15 to 127, which also makes zero
// and subnormals exact. Weights are finite, so inf/NaN need no case.
inline v128_t halves_to_f32(v128_t sign_extended) {
  const v128_t bits = wasm_v128_and(wasm_i32x4_shl(sign_extended, 13), wasm_i32x4_const_splat(static_cast<int>(0x8FFFE000u)));
  return wasm_f32x4_mul(bits, wasm_f32x4_const_splat(0x1p112f));
}

inline v128_t madd(v128_t acc, v128_t a, v128_t b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }

// e^x for four floats: x = n·ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor polynomial (relative
// error under 2e-7 there), 2^n built in the exponent bits. Inputs are clamped to [-87, 87], where e^x is
// a normal float; softmax and GELU only ever need e^x of non-positive or moderate x.
inline v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(87.0f));
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.4426950408889634f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693145751953125f)));  // ln2, split so
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(1.428606765330187e-06f)));    // n·ln2 stays exact
  v128_t p = wasm_f32x4_splat(1.0f / 720);
  for (float c : {1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f}) p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(c));
  const v128_t two_n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, two_n);
}

// y[r..r+R) = rows · x, F32 weights. R rows share each load of x.
template <int R>
void rows_f32(const WeightMatrix& w, int r, const float* x, float* y) {
  const int n = w.cols();
  const float* row[R];
  v128_t acc[R];
  for (int i = 0; i < R; ++i) row[i] = w.f32_row(r + i), acc[i] = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 4 <= n; c += 4) {
    const v128_t xv = wasm_v128_load(x + c);
    for (int i = 0; i < R; ++i) acc[i] = madd(acc[i], wasm_v128_load(row[i] + c), xv);
  }
  for (int i = 0; i < R; ++i) {
    float s = hsum(acc[i]);
    for (int k = c; k < n; ++k) s += row[i][k] * x[k];
    y[i] = s;
  }
}

template <int R>
void rows_f16(const WeightMatrix& w, int r, const float* x, float* y) {
  const int n = w.cols();
  const uint16_t* row[R];
  v128_t acc[R];
  for (int i = 0; i < R; ++i) row[i] = w.f16_row(r + i), acc[i] = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const v128_t x0 = wasm_v128_load(x + c), x1 = wasm_v128_load(x + c + 4);
    for (int i = 0; i < R; ++i) {
      const v128_t h = wasm_v128_load(row[i] + c);
      acc[i] = madd(acc[i], halves_to_f32(wasm_i32x4_extend_low_i16x8(h)), x0);
      acc[i] = madd(acc[i], halves_to_f32(wasm_i32x4_extend_high_i16x8(h)), x1);
    }
  }
  for (int i = 0; i < R; ++i) {
    float s = hsum(acc[i]);
    for (int k = c; k < n; ++k) s += w.at(r + i, k) * x[k];
    y[i] = s;
  }
}

template <int R>
void rows_i8(const WeightMatrix& w, int r, const float* x, float* y) {
  const int n = w.cols();
  const int8_t* row[R];
  v128_t acc[R];
  for (int i = 0; i < R; ++i) row[i] = w.i8_row(r + i), acc[i] = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 16 <= n; c += 16) {
    const v128_t x0 = wasm_v128_load(x + c), x1 = wasm_v128_load(x + c + 4);
    const v128_t x2 = wasm_v128_load(x + c + 8), x3 = wasm_v128_load(x + c + 12);
    for (int i = 0; i < R; ++i) {
      const v128_t q = wasm_v128_load(row[i] + c);
      const v128_t lo = wasm_i16x8_extend_low_i8x16(q), hi = wasm_i16x8_extend_high_i8x16(q);
      acc[i] = madd(acc[i], wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(lo)), x0);
      acc[i] = madd(acc[i], wasm_f32x4_convert_i32x4(wasm_i32x4_extend_high_i16x8(lo)), x1);
      acc[i] = madd(acc[i], wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(hi)), x2);
      acc[i] = madd(acc[i], wasm_f32x4_convert_i32x4(wasm_i32x4_extend_high_i16x8(hi)), x3);
    }
  }
  for (int i = 0; i < R; ++i) {
    float s = hsum(acc[i]);
    for (int k = c; k < n; ++k) s += static_cast<float>(row[i][k]) * x[k];
    y[i] = s * w.scale(r + i);
  }
}

template <int R>
void rows(const WeightMatrix& w, int r, const float* x, float* y) {
  switch (w.format()) {
    case WeightFormat::F32: return rows_f32<R>(w, r, x, y);
    case WeightFormat::F16: return rows_f16<R>(w, r, x, y);
    case WeightFormat::Int8: return rows_i8<R>(w, r, x, y);
  }
}

// Row r as floats into out (cols), in registers: the prefill path widens a few rows, then reuses them.
void widen_row(const WeightMatrix& w, int r, float* out) {
  const int n = w.cols();
  int c = 0;
  if (w.format() == WeightFormat::F16) {
    const uint16_t* h = w.f16_row(r);
    for (; c + 8 <= n; c += 8) {
      const v128_t v = wasm_v128_load(h + c);
      wasm_v128_store(out + c, halves_to_f32(wasm_i32x4_extend_low_i16x8(v)));
      wasm_v128_store(out + c + 4, halves_to_f32(wasm_i32x4_extend_high_i16x8(v)));
    }
  } else if (w.format() == WeightFormat::Int8) {
    const int8_t* q = w.i8_row(r);
    const v128_t s = wasm_f32x4_splat(w.scale(r));
    for (; c + 16 <= n; c += 16) {
      const v128_t v = wasm_v128_load(q + c);
      const v128_t lo = wasm_i16x8_extend_low_i8x16(v), hi = wasm_i16x8_extend_high_i8x16(v);
      wasm_v128_store(out + c, wasm_f32x4_mul(s, wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(lo))));
      wasm_v128_store(out + c + 4, wasm_f32x4_mul(s, wasm_f32x4_convert_i32x4(wasm_i32x4_extend_high_i16x8(lo))));
      wasm_v128_store(out + c + 8, wasm_f32x4_mul(s, wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(hi))));
      wasm_v128_store(out + c + 12, wasm_f32x4_mul(s, wasm_f32x4_convert_i32x4(wasm_i32x4_extend_high_i16x8(hi))));
    }
  }
  for (; c < n; ++c) out[c] = w.at(r, c);
}

// Y[t, 0..4) for tokens t, t+1 from four F32 weight rows: 8 accumulators, each weight load used twice.
void tile_4x2(const float* const* wr, const float* x0, const float* x1, int n, float* y0, float* y1) {
  v128_t a[8];
  for (auto& v : a) v = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 4 <= n; c += 4) {
    const v128_t u = wasm_v128_load(x0 + c), v = wasm_v128_load(x1 + c);
    for (int i = 0; i < 4; ++i) {
      const v128_t wv = wasm_v128_load(wr[i] + c);
      a[i] = madd(a[i], wv, u);
      a[4 + i] = madd(a[4 + i], wv, v);
    }
  }
  for (int i = 0; i < 4; ++i) {
    float s0 = hsum(a[i]), s1 = hsum(a[4 + i]);
    for (int k = c; k < n; ++k) s0 += wr[i][k] * x0[k], s1 += wr[i][k] * x1[k];
    y0[i] = s0;
    y1[i] = s1;
  }
}

void tile_4x1(const float* const* wr, const float* x0, int n, float* y0) {
  v128_t a[4];
  for (auto& v : a) v = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 4 <= n; c += 4) {
    const v128_t u = wasm_v128_load(x0 + c);
    for (int i = 0; i < 4; ++i) a[i] = madd(a[i], wasm_v128_load(wr[i] + c), u);
  }
  for (int i = 0; i < 4; ++i) {
    float s = hsum(a[i]);
    for (int k = c; k < n; ++k) s += wr[i][k] * x0[k];
    y0[i] = s;
  }
}

}  // namespace

const char* kernels_name() { return "wasm-simd128"; }

void matvec(const WeightMatrix& w, const float* x, const float* bias, float* y) {
  const int R = w.rows();
  int r = 0;
  for (; r + 4 <= R; r += 4) rows<4>(w, r, x, y + r);
  for (; r < R; ++r) rows<1>(w, r, x, y + r);
  if (bias)
    for (int i = 0; i < R; ++i) y[i] += bias[i];
}

void matmul(const WeightMatrix& w, const float* x, int T, int ldx, const float* bias, float* y, int ldy) {
  if (T == 1) return matvec(w, x, bias, y);
  const int R = w.rows(), n = w.cols();
  // F16/Int8 rows are widened four at a time into this scratch, then reused by every token.
  static thread_local std::vector<float> widened;
  if (w.format() != WeightFormat::F32 && widened.size() < size_t(4) * n) widened.resize(size_t(4) * n);
  int r = 0;
  for (; r + 4 <= R; r += 4) {
    const float* wr[4];
    for (int i = 0; i < 4; ++i) {
      if (w.format() == WeightFormat::F32) {
        wr[i] = w.f32_row(r + i);
      } else {
        widen_row(w, r + i, widened.data() + size_t(i) * n);
        wr[i] = widened.data() + size_t(i) * n;
      }
    }
    int t = 0;
    for (; t + 2 <= T; t += 2)
      tile_4x2(wr, x + size_t(t) * ldx, x + size_t(t + 1) * ldx, n, y + size_t(t) * ldy + r, y + size_t(t + 1) * ldy + r);
    for (; t < T; ++t) tile_4x1(wr, x + size_t(t) * ldx, n, y + size_t(t) * ldy + r);
  }
  for (; r < R; ++r)
    for (int t = 0; t < T; ++t) rows<1>(w, r, x + size_t(t) * ldx, y + size_t(t) * ldy + r);
  if (bias)
    for (int t = 0; t < T; ++t)
      for (int i = 0; i < R; ++i) y[size_t(t) * ldy + i] += bias[i];
}

float dot(const float* a, const float* b, int n) {
  v128_t acc0 = wasm_f32x4_splat(0), acc1 = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    acc0 = madd(acc0, wasm_v128_load(a + c), wasm_v128_load(b + c));
    acc1 = madd(acc1, wasm_v128_load(a + c + 4), wasm_v128_load(b + c + 4));
  }
  float s = hsum(wasm_f32x4_add(acc0, acc1));
  for (; c < n; ++c) s += a[c] * b[c];
  return s;
}

void axpy(float a, const float* x, float* y, int n) {
  const v128_t av = wasm_f32x4_splat(a);
  int c = 0;
  for (; c + 4 <= n; c += 4) wasm_v128_store(y + c, madd(wasm_v128_load(y + c), av, wasm_v128_load(x + c)));
  for (; c < n; ++c) y[c] += a * x[c];
}

void gelu(float* x, size_t n) {
  const v128_t k2 = wasm_f32x4_splat(-2.0f * 0.7978845608028654f), c = wasm_f32x4_splat(0.044715f), one = wasm_f32x4_splat(1.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    const v128_t u = wasm_f32x4_mul(k2, wasm_f32x4_add(v, wasm_f32x4_mul(c, wasm_f32x4_mul(v, wasm_f32x4_mul(v, v)))));
    wasm_v128_store(x + i, wasm_f32x4_div(v, wasm_f32x4_add(one, exp4(u))));
  }
  for (; i < n; ++i) x[i] = x[i] / (1.0f + std::exp(-2.0f * 0.7978845608028654f * (x[i] + 0.044715f * x[i] * x[i] * x[i])));
}

void softmax(float* row, int n) {
  float max = row[0];
  for (int s = 1; s < n; ++s) max = std::max(max, row[s]);
  const v128_t m = wasm_f32x4_splat(max);
  v128_t acc = wasm_f32x4_splat(0);
  int s = 0;
  for (; s + 4 <= n; s += 4) {
    const v128_t e = exp4(wasm_f32x4_sub(wasm_v128_load(row + s), m));
    wasm_v128_store(row + s, e);
    acc = wasm_f32x4_add(acc, e);
  }
  float sum = hsum(acc);
  for (; s < n; ++s) sum += (row[s] = std::exp(row[s] - max));
  const v128_t inv = wasm_f32x4_splat(1.0f / sum);
  s = 0;
  for (; s + 4 <= n; s += 4) wasm_v128_store(row + s, wasm_f32x4_mul(wasm_v128_load(row + s), inv));
  for (; s < n; ++s) row[s] *= 1.0f / sum;
}

}  // namespace attn
