// libFuzzer: the streaming model loader on arbitrary files cut at arbitrary places. The first input byte
// picks the piece sizes (a small PRNG seed), whether the length is known and the storage format; the
// rest is the file. Whatever arrives, the stream must refuse it with an error or build a model.
#include <optional>

#include "loading/model_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint32_t state = data[0] * 2654435761u + 1;
  const std::optional<attn::WeightFormat> storage[] = {std::nullopt, attn::WeightFormat::F32, attn::WeightFormat::F16,
                                                       attn::WeightFormat::Int8};
  const uint8_t* file = data + 1;
  const size_t file_size = size - 1;
  static const char* config = R"({"n_layer":1,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})";
  auto stream = attn::ModelStream::begin(config, {(data[0] & 0x10) ? file_size : attn::ModelStream::kUnknownSize,
                                                  UINT64_MAX, storage[(data[0] >> 5) & 3]});
  if (!stream) return 0;
  for (size_t at = 0; at < file_size;) {
    state = state * 1664525u + 1013904223u;
    const size_t n = std::min(file_size - at, size_t(1 + (state >> 16) % 97));
    if (!stream->feed(file + at, n)) return 0;
    at += n;
  }
  (void)stream->finish();
  return 0;
}
