// The hot loops of inference. Two builds of the same contract: wasm SIMD (kernels_wasm_simd.cpp, when
// compiling with -msimd128) and portable C++ with Eigen (kernels_portable.cpp, native). All accumulate in F32.
#pragma once
#include "compute/weight_matrix.h"

namespace attn {

// y (rows) = W·x + bias. x (cols). bias may be null.
void matvec(const WeightMatrix& w, const float* x, const float* bias, float* y);

// Y (T, rows) = X (T, cols) · Wᵀ + bias. Rows of X are ldx floats apart, rows of Y ldy apart.
// T == 1 is matvec; larger T reuses each weight row across tokens while it is in cache.
void matmul(const WeightMatrix& w, const float* x, int T, int ldx, const float* bias, float* y, int ldy);

float dot(const float* a, const float* b, int n);
void axpy(float a, const float* x, float* y, int n);  // y += a·x

// Attention's two products for one query: out[s] = q · k_s for s < count (keys ldk floats apart), and
// out += Σ_s w[s] · v_s (values ldv floats apart). n is the head size.
void dot_rows(const float* q, const float* k, int ldk, int count, int n, float* out);
void weighted_sum(const float* w, const float* v, int ldv, int count, int n, float* out);

// GPT-2's tanh-approximated GELU in place, written as x · sigmoid(2u) = x / (1 + exp(-2u)),
// u = sqrt(2/π)(x + 0.044715x³): the same function, one exp and one division per value.
void gelu(float* x, size_t n);

// row[0..n) = exp(row - max) / sum, over the first n values: the one softmax of the engine, the app and the
// sampler. -inf entries get exactly 0; a row of only -inf becomes uniform (no entry is preferred).
void softmax(float* row, int n);

// The kernels' name, printed by benchmarks: "wasm-simd128" or "portable".
const char* kernels_name();

}  // namespace attn
