// GPT-2 weights, named as in Hugging Face checkpoints, and their loader.
// Letters: L = layers, NH = heads, HS = head size, C = channels (n_embd), V = vocab, P = positions.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "expected.h"

namespace attn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// Linear layers keep HF's Conv1D layout: y = x·W + b with W of shape (in, out).
struct Linear {
  Matrix w;     // (in, out)
  RowVector b;  // (out)
};

struct LayerNorm {
  RowVector w, b;  // (C)
};

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
  Matrix wte;  // (V, C) token embeddings; also the output layer (tied)
  Matrix wpe;  // (P, C) position embeddings
  std::vector<Block> h;
  LayerNorm ln_f;
};

// Builds a model from config.json text and model.safetensors bytes. Every tensor is checked (name, dtype,
// shape, finite values) and every failure is one line naming the file and tensor.
// max_float_bytes: refuse (with an error, before allocating) a model whose float weights would need more
// memory than this; the page passes what a browser tab can hold.
Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size,
                           uint64_t max_float_bytes = UINT64_MAX);

}  // namespace attn
