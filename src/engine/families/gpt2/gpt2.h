// GPT-2 (Hugging Face's GPT2LMHeadModel / GPT2Model checkpoints): learned positions, pre-LayerNorm
// blocks, causal attention with q, k, v fused in one Conv1D, a tanh-GELU MLP, the output layer tied to wte.
#pragma once
#include "families/family.h"

namespace attn {

const Family& gpt2_family();

}  // namespace attn
