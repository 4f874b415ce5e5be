// A transformer's hyper-parameters and the traits that tell one family from another. Everything that runs
// the model (forward, trace, ablation, lens, attribution) reads these, never a family's tensor names.
// Letters: L = layers, NH = query heads, KVH = key/value heads, HS = head size, C = channels, F = MLP width,
// V = vocab, P = positions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compute/layers.h"
#include "expected.h"

namespace attn {

enum class PositionKind { Learned, Rotary };  // a table added to the embeddings, or q/k rotated per position
enum class MlpKind { GeluTanh, Gelu, GatedSilu };  // down(gelu(up x)) with GPT-2's tanh or erf GELU; down(silu(gate x)·up x)

struct Traits {
  NormKind norm = NormKind::LayerNorm;
  bool norm_before = true;      // pre-norm: x + f(norm(x)) (GPT-2, Llama); post-norm: norm(x + f(x)) (BERT)
  PositionKind positions = PositionKind::Learned;
  float rope_theta = 10000.0f;  // rotary only: pair i turns by position · θ^(-2i/HS)
  bool causal = true;           // decoders: query t sees keys 0..t; encoders see every key
  MlpKind mlp = MlpKind::GeluTanh;
  bool embed_norm = false;      // a norm right after the embeddings (BERT)
  bool qkv_bias = true;         // q, k, v projections have biases (GPT-2, BERT, Qwen2; not Llama)
  bool o_bias = true;           // W_O has a bias
  bool mlp_bias = true;         // the MLP's layers have biases
  bool tied_output = true;      // the output layer is the token embeddings (else a separate lm_head)
};

struct Config {
  std::string family = "gpt2";  // the registry's name for the checkpoint layout (families/registry.h)
  int n_layer = 0;     // L
  int n_head = 0;      // NH
  int n_kv_head = 0;   // KVH: each key/value head serves NH / KVH query heads (grouped-query attention)
  int n_embd = 0;      // C
  int n_inner = 0;     // F, the MLP's hidden width
  int n_ctx = 0;       // P: the longest context
  int vocab_size = 0;  // V; for GPT-2 below 50257 means its tokenizer cut to its first V - 256 merges
  int n_types = 0;     // segment (token type) embeddings, BERT's; 0 = none
  float norm_eps = 1e-5f;
  Traits traits;
  std::vector<std::string> notes;  // what the parser assumed, said once where the model loads (a default θ)

  int head_size() const { return n_embd / n_head; }          // HS
  int kv_dim() const { return n_kv_head * head_size(); }     // KVH·HS: the width of k and of v
  int qkv_dim() const { return n_embd + 2 * kv_dim(); }      // q, k, v stacked
  int group_size() const { return n_head / n_kv_head; }      // query heads per key/value head
  int kv_head_of(int head) const { return head / group_size(); }
};

// Reads and checks config.json through the family its model_type names (families/registry.cpp); sizes
// must be positive, consistent and within what a browser can hold.
Expected<Config> parse_config(std::string_view json_text, const std::string& label = "config.json");

}  // namespace attn
