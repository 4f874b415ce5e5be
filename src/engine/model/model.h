// A transformer's weights in one family-neutral shape: each family (families/) maps its checkpoint's
// names onto these fields, and the forward pass reads them with the config's traits.
// Letters: L = layers, NH = query heads, KVH = key/value heads, HS = head size, C = channels, F = MLP
// width, V = vocab, P = positions. GPT-2's names are given beside each field.
#pragma once
#include <vector>

#include "compute/layers.h"
#include "model/config.h"

namespace attn {

struct Block {
  Norm attn_norm;  // ln_1: before attention (pre-norm), or after its residual add (post-norm)
  Linear qkv;      // attn.c_attn (NH·HS + 2·KVH·HS, C): q, k, v stacked, each split into heads of HS
  Linear o_proj;   // attn.c_proj (C, NH·HS): W_O, reads the heads' outputs side by side
  Norm mlp_norm;   // ln_2
  Linear up;       // mlp.c_fc (F, C)
  Linear gate;     // (F, C), gated MLPs only; empty otherwise
  Linear down;     // mlp.c_proj (C, F)
};

struct Model {
  Config config;
  WeightMatrix tok_embed;  // wte (V, C): token embeddings; also the output layer when tied
  WeightMatrix lm_head;    // (V, C) an output layer stored apart and different from tok_embed; empty when tied
  Matrix pos_embed;        // wpe (P, C): learned positions; empty for rotary ones
  Matrix type_embed;       // (types, C) segment embeddings (BERT's token types); row 0 is added to every token
  Norm embed_norm;         // after the embeddings (traits.embed_norm); empty otherwise
  std::vector<Block> blocks;  // h
  Norm final_norm;         // ln_f: before the output layer (pre-norm models)
  // An encoder's masked-LM head (BERT): dense → GELU → norm, then the output layer plus a bias per token.
  Linear head_dense;       // (C, C); empty when the model has no such head
  Norm head_norm;
  RowVector output_bias;   // (V) or empty

  const WeightMatrix& output_layer() const { return lm_head.rows() ? lm_head : tok_embed; }
  RowVector token_embedding(int id) const;  // row `id` of tok_embed as floats
  size_t weight_bytes() const;              // memory the weights take as stored
  double parameter_count() const;           // values in every weight, the output layer once when tied
  void set_norm_kinds();                    // every Norm's kind and eps from the config (after loading)
};

}  // namespace attn
