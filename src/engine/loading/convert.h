// Writes a model back out as safetensors for the web: F32, F16 (half the download) or int8 with one
// F32 scale per output channel (about a quarter; biases and layer norms stay F16).
#pragma once
#include <string>

#include "expected.h"
#include "model/model.h"
#include "compute/weight_matrix.h"

namespace attn {

// The safetensors bytes of `model` in `format`, with HF names (no prefix, no buffers).
std::string export_safetensors(const Model& model, WeightFormat format);

}  // namespace attn
