// libFuzzer: the safetensors parser and the model loader on arbitrary files (with a fixed tiny config).
#include "loading/model_loader.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = attn::parse_safetensors(data, size, "fuzz.safetensors");
  if (file)
    for (const auto& t : file->tensors) (void)attn::tensor_to_float(t, "fuzz.safetensors");
  static const char* config = R"({"n_layer":1,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})";
  (void)attn::load_model(config, data, size);
  return 0;
}
