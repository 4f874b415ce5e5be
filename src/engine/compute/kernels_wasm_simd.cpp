// WebAssembly SIMD (128-bit) kernels. Eigen 3.4 has no wasm SIMD packet math, so the loops that carry
// nearly all of the work are written here with wasm_simd128.h. Weight rows are streamed once per call;
// F16 and Int8 are widened to F32 in registers, never to a full-size copy.
#include <wasm_simd128.h>

#include <algorithm>
#include <limits>
#include <cmath>
#include <vector>

#include "compute/kernels.h"
#include "compute/half.h"

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

// Decode's F32 rows, one after another (a single sequential stream; see int8_row_dot).
float f32_row_dot(const float* row, const float* x, int n) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  int c = 0;
  for (; c + 16 <= n; c += 16) {
    a0 = madd(a0, wasm_v128_load(row + c), wasm_v128_load(x + c));
    a1 = madd(a1, wasm_v128_load(row + c + 4), wasm_v128_load(x + c + 4));
    a2 = madd(a2, wasm_v128_load(row + c + 8), wasm_v128_load(x + c + 8));
    a3 = madd(a3, wasm_v128_load(row + c + 12), wasm_v128_load(x + c + 12));
  }
  float s = hsum(wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3)));
  for (; c < n; ++c) s += row[c] * x[c];
  return s;
}

// Decode's F16 rows, one after another (a single sequential stream, as for int8 below). The 2^112 of
// halves_to_f32 is moved out of the inner loop: x arrives pre-scaled by 2^56 (xs) and the sum is scaled
// by the other 2^56 at the end, both exact powers of two, so each weight costs a widening load, shift,
// mask, multiply and add. Products w·x stay normal floats for |w·x| > 2^-70.
float f16_row_dot(const uint16_t* row, const float* xs, int n) {
  const v128_t mask = wasm_i32x4_const_splat(static_cast<int>(0x8FFFE000u));
  const auto widen = [&](const uint16_t* p) { return wasm_v128_and(wasm_i32x4_shl(wasm_i32x4_load16x4(p), 13), mask); };
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0;
  int c = 0;
  for (; c + 16 <= n; c += 16) {  // load16x4 sign-extends four halves to i32 lanes as it loads
    a0 = madd(a0, widen(row + c), wasm_v128_load(xs + c));
    a1 = madd(a1, widen(row + c + 4), wasm_v128_load(xs + c + 4));
    a0 = madd(a0, widen(row + c + 8), wasm_v128_load(xs + c + 8));
    a1 = madd(a1, widen(row + c + 12), wasm_v128_load(xs + c + 12));
  }
  float s = hsum(wasm_f32x4_add(a0, a1)) * 0x1p56f;
  for (; c < n; ++c) s += half_to_float(row[c]) * (xs[c] * 0x1p-56f);
  return s;
}

inline int32_t hsum_i32(v128_t v) {
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_i32x4_extract_lane(v, 0);
}

// Int8 rows r..r+R times `tokens` activation rows already rounded to int16 (xq, ldq apart, scales xs):
// i32x4.dot_i16x8 does eight multiply-adds in one instruction, and int32 sums are exact.
template <int R, int Tn>
void int8_tile(const WeightMatrix& w, int r, const int16_t* xq, size_t ldq, const float* xs, float* y, size_t ldy) {
  const int n = w.cols();
  const int8_t* row[R];
  v128_t acc[R][Tn];
  for (int i = 0; i < R; ++i) {
    row[i] = w.i8_row(r + i);
    for (int t = 0; t < Tn; ++t) acc[i][t] = wasm_i32x4_splat(0);
  }
  int c = 0;
  for (; c + 16 <= n; c += 16) {
    v128_t x0[Tn], x1[Tn];
    for (int t = 0; t < Tn; ++t) x0[t] = wasm_v128_load(xq + t * ldq + c), x1[t] = wasm_v128_load(xq + t * ldq + c + 8);
    for (int i = 0; i < R; ++i) {
      // load8x8 sign-extends eight int8 to i16 lanes as it loads
      const v128_t lo = wasm_i16x8_load8x8(row[i] + c), hi = wasm_i16x8_load8x8(row[i] + c + 8);
      for (int t = 0; t < Tn; ++t)
        acc[i][t] = wasm_i32x4_add(acc[i][t], wasm_i32x4_add(wasm_i32x4_dot_i16x8(lo, x0[t]), wasm_i32x4_dot_i16x8(hi, x1[t])));
    }
  }
  for (int i = 0; i < R; ++i)
    for (int t = 0; t < Tn; ++t) {
      int32_t s = hsum_i32(acc[i][t]);
      for (int k = c; k < n; ++k) s += int32_t{row[i][k]} * xq[t * ldq + k];
      y[t * ldy + i] = static_cast<float>(s) * (w.scale(r + i) * xs[t]);
    }
}

// One int8 row times one int16 activation row, 32 weights a step with two accumulators. Decode reads
// rows one after another: a single sequential stream is what the hardware prefetcher follows best
// (four short interleaved streams measured a third slower).
float int8_row_dot(const int8_t* row, const int16_t* xq, int n) {
  v128_t a0 = wasm_i32x4_splat(0), a1 = a0;
  int c = 0;
  for (; c + 32 <= n; c += 32) {
    a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + c), wasm_v128_load(xq + c)));
    a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + c + 8), wasm_v128_load(xq + c + 8)));
    a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + c + 16), wasm_v128_load(xq + c + 16)));
    a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + c + 24), wasm_v128_load(xq + c + 24)));
  }
  int32_t s = hsum_i32(wasm_i32x4_add(a0, a1));
  for (; c < n; ++c) s += int32_t{row[c]} * xq[c];
  return static_cast<float>(s);
}

// Y (T, rows) for int8 weights: activations rounded once per call, then 4-row × up-to-2-token tiles.
void int8_matmul(const WeightMatrix& w, const float* x, int T, int ldx, float* y, int ldy) {
  static thread_local std::vector<int16_t> xq;  // grows once; decode then reuses it
  static thread_local std::vector<float> xs;
  const int n = w.cols(), R = w.rows(), limit = activation_limit(n);
  if (xq.size() < size_t(T) * n) xq.resize(size_t(T) * n);
  if (xs.size() < size_t(T)) xs.resize(T);
  for (int t = 0; t < T; ++t) xs[t] = quantize_activations(x + size_t(t) * ldx, n, limit, xq.data() + size_t(t) * n);
  int r = 0;
  if (T == 1)
    for (; r < R; ++r) y[r] = int8_row_dot(w.i8_row(r), xq.data(), n) * (w.scale(r) * xs[0]);
  for (; r + 4 <= R; r += 4) {
    int t = 0;
    for (; t + 2 <= T; t += 2) int8_tile<4, 2>(w, r, xq.data() + size_t(t) * n, n, &xs[t], y + size_t(t) * ldy + r, ldy);
    for (; t < T; ++t) int8_tile<4, 1>(w, r, xq.data() + size_t(t) * n, n, &xs[t], y + size_t(t) * ldy + r, ldy);
  }
  for (; r < R; ++r)
    for (int t = 0; t < T; ++t) int8_tile<1, 1>(w, r, xq.data() + size_t(t) * n, n, &xs[t], y + size_t(t) * ldy + r, ldy);
}

// F16 row r as floats into out (cols): the prefill path widens a few rows, then reuses them.
void widen_row(const WeightMatrix& w, int r, float* out) {
  const int n = w.cols();
  const uint16_t* h = w.f16_row(r);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const v128_t v = wasm_v128_load(h + c);
    wasm_v128_store(out + c, halves_to_f32(wasm_i32x4_extend_low_i16x8(v)));
    wasm_v128_store(out + c + 4, halves_to_f32(wasm_i32x4_extend_high_i16x8(v)));
  }
  for (; c < n; ++c) out[c] = w.at(r, c);
}

// Y[t..t+Tn, 0..R) from R F32 weight rows and Tn tokens: R·Tn accumulators, each weight load used Tn
// times and each x load R times.
template <int R, int Tn>
void float_tile(const float* const* wr, const float* x, size_t ldx, int n, float* y, size_t ldy) {
  v128_t a[R][Tn];
  for (auto& row : a)
    for (auto& v : row) v = wasm_f32x4_splat(0);
  int c = 0;
  for (; c + 4 <= n; c += 4) {
    v128_t xv[Tn];
    for (int t = 0; t < Tn; ++t) xv[t] = wasm_v128_load(x + t * ldx + c);
    for (int i = 0; i < R; ++i) {
      const v128_t wv = wasm_v128_load(wr[i] + c);
      for (int t = 0; t < Tn; ++t) a[i][t] = madd(a[i][t], wv, xv[t]);
    }
  }
  for (int i = 0; i < R; ++i)
    for (int t = 0; t < Tn; ++t) {
      float s = hsum(a[i][t]);
      for (int k = c; k < n; ++k) s += wr[i][k] * x[t * ldx + k];
      y[t * ldy + i] = s;
    }
}

// 4 rows × 2 tokens measured fastest here (30–33 GFLOP/s on 768×2304 … 3072×768, T = 128; 4×3, 6×2, 3×3
// and 8×1 run out of the 16 SIMD registers or reuse too little and measured 15–29).
constexpr int kTileRows = 4, kTileTokens = 2;

// F32 and F16 weights, kTileRows rows at a time; F16 rows are widened into a scratch every token reuses.
void float_matmul(const WeightMatrix& w, const float* x, int T, int ldx, float* y, int ldy) {
  const int R = w.rows(), n = w.cols();
  static thread_local std::vector<float> widened;  // grows once
  if (w.format() == WeightFormat::F16 && widened.size() < size_t(kTileRows) * n) widened.resize(size_t(kTileRows) * n);
  int r = 0;
  for (; r + kTileRows <= R; r += kTileRows) {
    const float* wr[kTileRows];
    for (int i = 0; i < kTileRows; ++i) {
      if (w.format() == WeightFormat::F32) {
        wr[i] = w.f32_row(r + i);
      } else {
        widen_row(w, r + i, widened.data() + size_t(i) * n);
        wr[i] = widened.data() + size_t(i) * n;
      }
    }
    int t = 0;
    for (; t + kTileTokens <= T; t += kTileTokens)
      float_tile<kTileRows, kTileTokens>(wr, x + size_t(t) * ldx, ldx, n, y + size_t(t) * ldy + r, ldy);
    for (; t < T; ++t) float_tile<kTileRows, 1>(wr, x + size_t(t) * ldx, ldx, n, y + size_t(t) * ldy + r, ldy);
  }
  for (; r < R; ++r) {  // the last rows, one at a time
    if (w.format() == WeightFormat::F16) widen_row(w, r, widened.data());
    const float* row = w.format() == WeightFormat::F16 ? widened.data() : w.f32_row(r);
    for (int t = 0; t < T; ++t) y[size_t(t) * ldy + r] = dot(row, x + size_t(t) * ldx, n);
  }
}

}  // namespace

const char* kernels_name() { return "wasm-simd128"; }

void matvec(const WeightMatrix& w, const float* x, const float* bias, float* y) {
  const int R = w.rows();
  if (w.format() == WeightFormat::Int8) {
    int8_matmul(w, x, 1, w.cols(), y, R);
  } else if (w.format() == WeightFormat::F16) {
    static thread_local std::vector<float> scaled;  // grows once
    const int n = w.cols();
    if (scaled.size() < size_t(n)) scaled.resize(n);
    for (int c = 0; c < n; ++c) scaled[c] = x[c] * 0x1p56f;
    for (int r = 0; r < R; ++r) y[r] = f16_row_dot(w.f16_row(r), scaled.data(), n);
  } else {
    for (int r = 0; r < R; ++r) y[r] = f32_row_dot(w.f32_row(r), x, w.cols());
  }
  if (bias)
    for (int i = 0; i < R; ++i) y[i] += bias[i];
}

void matmul(const WeightMatrix& w, const float* x, int T, int ldx, const float* bias, float* y, int ldy) {
  if (T == 1) return matvec(w, x, bias, y);
  const int R = w.rows();
  if (w.format() == WeightFormat::Int8) {
    int8_matmul(w, x, T, ldx, y, ldy);
  } else {
    float_matmul(w, x, T, ldx, y, ldy);
  }
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

void dot_rows(const float* q, const float* k, int ldk, int count, int n, float* out) {
  int s = 0;
  for (; s + 4 <= count; s += 4) {  // four keys share each load of q
    const float* k0 = k + size_t(s) * ldk;
    const float *k1 = k0 + ldk, *k2 = k1 + ldk, *k3 = k2 + ldk;
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    int c = 0;
    for (; c + 4 <= n; c += 4) {
      const v128_t qv = wasm_v128_load(q + c);
      a0 = madd(a0, qv, wasm_v128_load(k0 + c));
      a1 = madd(a1, qv, wasm_v128_load(k1 + c));
      a2 = madd(a2, qv, wasm_v128_load(k2 + c));
      a3 = madd(a3, qv, wasm_v128_load(k3 + c));
    }
    float r[4] = {hsum(a0), hsum(a1), hsum(a2), hsum(a3)};
    for (; c < n; ++c) r[0] += q[c] * k0[c], r[1] += q[c] * k1[c], r[2] += q[c] * k2[c], r[3] += q[c] * k3[c];
    for (int i = 0; i < 4; ++i) out[s + i] = r[i];
  }
  for (; s < count; ++s) out[s] = dot(q, k + size_t(s) * ldk, n);
}

void weighted_sum(const float* w, const float* v, int ldv, int count, int n, float* out) {
  int s = 0;
  for (; s + 4 <= count; s += 4) {  // four values per pass over out
    const float* v0 = v + size_t(s) * ldv;
    const float *v1 = v0 + ldv, *v2 = v1 + ldv, *v3 = v2 + ldv;
    const v128_t w0 = wasm_f32x4_splat(w[s]), w1 = wasm_f32x4_splat(w[s + 1]), w2 = wasm_f32x4_splat(w[s + 2]),
                 w3 = wasm_f32x4_splat(w[s + 3]);
    int c = 0;
    for (; c + 4 <= n; c += 4) {
      v128_t o = wasm_v128_load(out + c);
      o = madd(o, w0, wasm_v128_load(v0 + c));
      o = madd(o, w1, wasm_v128_load(v1 + c));
      o = madd(o, w2, wasm_v128_load(v2 + c));
      o = madd(o, w3, wasm_v128_load(v3 + c));
      wasm_v128_store(out + c, o);
    }
    for (; c < n; ++c) out[c] += w[s] * v0[c] + w[s + 1] * v1[c] + w[s + 2] * v2[c] + w[s + 3] * v3[c];
  }
  for (; s < count; ++s) axpy(w[s], v + size_t(s) * ldv, out, n);
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
  if (n <= 0) return;
  float max = row[0];
  for (int s = 1; s < n; ++s) max = std::max(max, row[s]);
  const float minus_inf = -std::numeric_limits<float>::infinity();
  if (max == minus_inf) {  // nothing is possible: no ranking, so uniform
    std::fill(row, row + n, 1.0f / n);
    return;
  }
  const v128_t m = wasm_f32x4_splat(max), impossible = wasm_f32x4_splat(minus_inf);
  v128_t acc = wasm_f32x4_splat(0);
  int s = 0;
  for (; s + 4 <= n; s += 4) {
    const v128_t x = wasm_v128_load(row + s);  // exp4 clamps its input, so -inf is zeroed explicitly
    const v128_t e = wasm_v128_and(exp4(wasm_f32x4_sub(x, m)), wasm_f32x4_ne(x, impossible));
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
