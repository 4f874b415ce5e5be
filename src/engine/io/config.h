// A GPT-2 model's hyper-parameters, read from a Hugging Face config.json.
#pragma once
#include <string_view>

#include "expected.h"

namespace attn {

struct Config {
  int n_layer = 0;     // L
  int n_head = 0;      // NH
  int n_embd = 0;      // C
  int n_ctx = 0;       // n_positions: the longest context
  int vocab_size = 0;  // V; below 50257 means GPT-2's tokenizer cut to its first V - 256 merges
  float layer_norm_epsilon = 1e-5f;
  int head_size() const { return n_embd / n_head; }  // HS
};

// Reads and checks config.json; sizes must be positive, consistent and within what a browser can hold.
Expected<Config> parse_config(std::string_view json_text, const std::string& label = "config.json");

}  // namespace attn
