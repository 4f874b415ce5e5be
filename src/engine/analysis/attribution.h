// Direct logit attribution: how much each part of the model writes into one next-token logit.
// The final residual at the last position is a sum of parts: the embeddings (wte + wpe), each head's output
// through its slice of W_O (the c_proj columns that read that head), each layer's c_proj bias, and each
// MLP's output. With the final LayerNorm's σ frozen at its value for the whole residual, part p adds
//   wte[token] · (γ ⊙ (p − mean(p)) / σ)
// to the logit, and ln_f's bias adds wte[token] · β; these terms sum to the logit exactly.
// With a second token B the same is done for wte[A] − wte[B]: contributions to logit(A) − logit(B).
#pragma once
#include <vector>

#include "expected.h"
#include "model/model.h"
#include "run/trace.h"

namespace attn {

enum class PartKind { Embed, Head, AttnBias, Mlp, LnFBias };
const char* part_kind_name(PartKind kind);  // "embed", "head", "attn_bias", "mlp", "ln_f_bias"

struct LogitPart {
  PartKind kind = PartKind::Embed;
  int layer = -1, head = -1;  // -1 where it does not apply
  float value = 0;
};

struct Attribution {
  int token = 0, versus = -1;  // versus -1: plain logit of `token`
  float logit = 0;             // the model's logit (or logit difference), from the trace
  std::vector<LogitPart> parts;  // embed, then per layer: heads 0..NH-1, attn_bias, mlp; then ln_f_bias
  float sum = 0;                 // Σ parts: equals `logit` up to rounding
};

// Attribution at the trace's last position.
Expected<Attribution> attribute_logit(const Model& model, const Trace& trace, int token, int versus = -1);

}  // namespace attn
