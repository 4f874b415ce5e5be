// GPT-2 weights, named as in Hugging Face checkpoints, and their loader.
// Letters: L = layers, NH = heads, HS = head size, C = channels (n_embd), V = vocab, P = positions.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "expected.h"
#include "weight_matrix.h"

namespace attn {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

// y = x·W + b. HF's Conv1D stores W as (in, out); it is kept transposed, (out, in), so each output's
// weights are one contiguous row for the kernels.
struct Linear {
  WeightMatrix w;  // (out, in)
  RowVector b;     // (out)
  // HF's (in, out) view of outputs [first, first + n): the W_Q, W_K, W_V slices the lesson shows.
  Matrix in_out_columns(int first, int n) const;
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
  WeightMatrix wte;  // (V, C) token embeddings; also the output layer (tied)
  Matrix wpe;        // (P, C) position embeddings
  std::vector<Block> h;
  LayerNorm ln_f;

  RowVector token_embedding(int id) const;  // row `id` of wte as floats
  size_t weight_bytes() const;              // memory the weights take as stored
};

// Builds a model from config.json text and model.safetensors bytes. Every tensor is checked (name, dtype,
// shape, finite values) and every failure is one line naming the file and tensor.
// max_weight_bytes: refuse (with an error, before allocating) a model whose weights would need more
// memory than this; the page passes what a browser tab can hold.
// storage: how the weight matrices are kept for compute; by default as in the file (F16 stays F16, int8
// stays int8, F32/BF16 become F32). Int8 files carry one scale per output channel in "<name>_scale".
Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size,
                           uint64_t max_weight_bytes = UINT64_MAX, std::optional<WeightFormat> storage = std::nullopt);

}  // namespace attn
