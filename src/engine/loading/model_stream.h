// Builds a GPT-2 from model.safetensors while its bytes arrive, so that a page never holds the file itself:
// the header is read and checked from the first bytes (every tensor's name, dtype and shape, and the memory
// the model will take, refused before anything is allocated), then each tensor goes into its final storage
// as it completes, converted to the chosen format on the way. The output-layer tables (wte, lm_head), the
// largest tensors, are converted row by row; the others are staged one at a time (a few MB at most).
// load_model() is this stream fed the whole file at once, so both paths check exactly the same things.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "expected.h"
#include "model/model.h"

namespace attn {

struct ModelStreamOptions {
  uint64_t file_size = UINT64_MAX;           // the file's length when known (a Content-Length)
  uint64_t max_weight_bytes = UINT64_MAX;    // refuse a model whose weights would need more
  std::optional<WeightFormat> storage;       // how weight matrices are kept; default: as in the file,
  uint64_t compact_above_bytes = UINT64_MAX; // except F32/BF16 weights over this many bytes: kept as F16
};

class ModelStream {
 public:
  static constexpr uint64_t kUnknownSize = UINT64_MAX;
  using Options = ModelStreamOptions;

  // Checks config.json and, when `storage` is chosen, the memory budget.
  static Expected<ModelStream> begin(std::string_view config_json, const Options& options = {});
  ModelStream(ModelStream&&) noexcept;
  ModelStream& operator=(ModelStream&&) noexcept;
  ~ModelStream();

  // The next bytes of the file, in order, in pieces of any size. An error is final: later calls repeat it.
  Expected<bool> feed(const uint8_t* data, size_t size);
  // Every byte fed: checks that every tensor arrived whole and returns the model.
  Expected<Model> finish();

  uint64_t received() const;       // bytes fed so far
  bool header_read() const;        // true once the header is checked and the storage allocated
  const Config& config() const;
  // Known once header_read(): the file's length, the format weights are kept in, the bytes they take.
  uint64_t file_size() const;
  WeightFormat storage() const;
  uint64_t weight_bytes() const;

 private:
  struct State;
  explicit ModelStream(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace attn
