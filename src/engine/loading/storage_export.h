// A loaded model's weights as a safetensors file in the formats the engine holds them (F16 stays F16, int8
// stays int8 with its scales, norms and tables F32), in the family's own names and layouts, so that the
// loader reads it back into the same storage bit for bit. The page keeps it in the browser's cache: a later
// visit loads it with no reconversion. Made a piece at a time; the whole file is never held in memory.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"
#include "model/model.h"

namespace attn {

// Bump when what the engine holds changes (a storage format, int8's scales, which tensors are written): copies
// kept by an older engine are then never read.
constexpr int kStorageFormatVersion = 1;

class StorageExport {
 public:
  // Fails only for a model of no registered family. The model must outlive the export and not change.
  static Expected<StorageExport> of(const Model& model);
  uint64_t size() const { return size_; }  // of the whole file
  // The next piece of the file (at most about 4 MB; the header first), empty once all was given. A view
  // into the model or into this object: valid until the next call.
  std::string_view next();

 private:
  struct Entry {
    std::string name, dtype;
    std::vector<int64_t> shape;
    const WeightMatrix* matrix = nullptr;  // else floats
    bool transposed = false;               // the file holds (in, out)
    bool scales = false;                   // the int8 matrix's per-row scales
    int first_row = 0;                     // of the matrix (a fused q/k/v part)
    const float* floats = nullptr;         // a table or vector, contiguous
    size_t bytes = 0;
  };
  std::vector<Entry> entries_;
  std::string header_, buffer_;
  uint64_t size_ = 0;
  size_t entry_ = 0;
  int64_t row_ = 0;  // the next file row of the current entry
  bool header_given_ = false;
};

}  // namespace attn
