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
  const uint8_t* data = nullptr;  // points into the caller's buffer (null while the data is still streaming)
  uint64_t offset = 0;            // start within the data section
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

// Reads the 8-byte header length at the start of a file (at least 8 bytes); refuses one over the format's
// 100 MB limit or, when file_size is known (not UINT64_MAX), one that does not fit in the file.
Expected<uint64_t> safetensors_header_length(const uint8_t* first8, uint64_t file_size, const std::string& label);

// Checks the JSON header alone (dtypes, shapes, offsets consistent and not overlapping); data pointers stay null.
// data_size: the data section's length when known (offsets must lie inside it), or UINT64_MAX while streaming.
Expected<SafetensorsFile> parse_safetensors_header(const char* json, size_t length, uint64_t data_size, const std::string& label);

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

// The part of such a file before its data: the 8-byte length and the JSON header for tensors of these
// names, dtypes, shapes and byte sizes, laid out one after another in this order.
struct TensorLayout {
  std::string name, dtype;
  std::vector<int64_t> shape;
  size_t bytes = 0;
};
std::string safetensors_header(const std::vector<TensorLayout>& tensors, const std::string& format_note);

}  // namespace attn
