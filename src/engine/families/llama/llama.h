// The Llama family (Hugging Face's LlamaForCausalLM, and Qwen2's q/k/v biases): RMSNorm before each
// sublayer, rotary positions, grouped-query attention with separate q, k, v projections, a SiLU-gated MLP,
// a final RMSNorm, and an output layer tied to embed_tokens or stored as lm_head. SmolLM2 is one.
#pragma once
#include "families/family.h"

namespace attn {

const Family& llama_family();

}  // namespace attn
