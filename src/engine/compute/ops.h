// The element-wise and row-wise pieces of a transformer, one function each. Rows are tokens.
#pragma once
#include <vector>

#include "compute/layers.h"

namespace attn {

// LayerNorm: out = (x - mean) / sqrt(var + eps) · w + b; RMSNorm: out = x / sqrt(mean(x²) + eps) · w.
// Per row; x, out (T, C).
void norm_rows(float* out, const float* x, int T, int C, const Norm& norm);
void norm_forward(Matrix& out, const Matrix& x, const Norm& norm);

// y = x·W + b. x (T, in), y (T, out).
void linear_forward(Matrix& y, const Matrix& x, const Linear& lin);

// GPT-2's tanh approximation of GELU, in place.
void gelu_forward(Matrix& x);
// The exact GELU, x·Φ(x) (BERT), in place.
void gelu_erf_forward(Matrix& x);
// gate = silu(gate) · up, in place: the gated MLP's hidden layer (Llama).
void silu_gate_forward(Matrix& gate, const Matrix& up);

// Rotary positions in Hugging Face's rotate-half pairing: within each head of HS values, dimension i and
// i + HS/2 turn together by angle pos · θ^(-2i/HS). x: T rows of heads·HS values, ld floats apart; row t
// is at position first_pos + t.
void rotary_rows(float* x, int T, int ld, int heads, int HS, int first_pos, float theta);
void rotate_pair_row(float* head, int HS, int pos, float theta);  // one head's row (HS), in place

// Softmax over row[0..visible), zeros after it. row (n).
void softmax_prefix(float* row, int visible, int n);

// Shannon entropy in bits of a probability row (zeros add nothing): how spread out an attention row or a
// next-token distribution is. The one entropy of the engine, the lesson and the head analyses.
double entropy_bits(const float* p, int n);
inline double entropy_bits(const std::vector<float>& p) { return entropy_bits(p.data(), static_cast<int>(p.size())); }

}  // namespace attn
