// GPT-2 weights, named as in Hugging Face checkpoints (io/model_loader.h builds them from files).
// Letters: L = layers, NH = heads, HS = head size, C = channels (n_embd), V = vocab, P = positions.
#pragma once
#include <vector>

#include "compute/layers.h"
#include "io/config.h"

namespace attn {

struct Block {
  LayerNorm ln_1;
  Linear c_attn;    // (C, 3C): Q, K, V side by side, each split into NH heads of HS
  Linear attn_proj; // attn.c_proj (C, C): W_O
  LayerNorm ln_2;
  Linear c_fc;      // (C, 4C)
  Linear mlp_proj;  // mlp.c_proj (4C, C)
};

struct Model {
  Config config;
  WeightMatrix wte;  // (V, C) token embeddings; also the output layer when tied (GPT-2's own checkpoints)
  WeightMatrix lm_head;  // (V, C) an output layer stored apart and different from wte; empty when tied
  Matrix wpe;        // (P, C) position embeddings
  std::vector<Block> h;
  LayerNorm ln_f;

  const WeightMatrix& output_layer() const { return lm_head.rows() ? lm_head : wte; }
  RowVector token_embedding(int id) const;  // row `id` of wte as floats
  size_t weight_bytes() const;              // memory the weights take as stored
};

}  // namespace attn
