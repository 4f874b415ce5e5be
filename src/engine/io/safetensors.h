// Parses and validates a safetensors file held in memory (Hugging Face's format: an 8-byte little-endian
// header length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw tensor bytes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "expected.h"

namespace attn {

struct TensorInfo {
  std::string name;
  std::string dtype;            // "F32", "F16", "BF16", ... as written in the header
  std::vector<int64_t> shape;
  const uint8_t* data = nullptr;  // points into the caller's buffer
  size_t bytes = 0;
  int64_t numel() const;
};

struct SafetensorsFile {
  std::vector<TensorInfo> tensors;
  const TensorInfo* find(const std::string& name) const;
};

// Checks header length, JSON, dtypes, shapes, offsets (inside the file, matching the shape, not
// overlapping). `label` names the file in errors. The buffer must outlive the result.
Expected<SafetensorsFile> parse_safetensors(const uint8_t* data, size_t size, const std::string& label);

// Converts a F32/F16/BF16 tensor to floats; any other dtype is an error naming the tensor.
Expected<std::vector<float>> tensor_to_float(const TensorInfo& t, const std::string& label);

// A tensor to write: raw little-endian bytes in its dtype.
struct TensorBytes {
  std::string name, dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

// Serialises tensors (in the given order) as a safetensors file, header padded to 8 bytes.
std::string write_safetensors(const std::vector<TensorBytes>& tensors, const std::string& format_note);

}  // namespace attn
