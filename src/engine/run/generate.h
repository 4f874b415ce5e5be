// Text continuation: prefill the prompt, then sample one token at a time with the KV cache.
#pragma once
#include <cstdint>
#include <vector>

#include "expected.h"
#include "model/model.h"
#include "run/sampler.h"

namespace attn {

struct Generation {
  std::vector<int> ids;             // the new tokens
  std::vector<float> chosen_probs;  // probability each had when drawn (after temperature)
  bool hit_context = false;         // stopped early: the context is full
};

// Appends up to n_new tokens to `prompt` (which must be non-empty and fit the context).
Expected<Generation> generate(const Model& model, const std::vector<int>& prompt, int n_new,
                              const SamplerSettings& settings, uint64_t seed);

}  // namespace attn
