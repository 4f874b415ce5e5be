// libFuzzer: config.json parsing never crashes; accepted configs are consistent.
#include <cstdlib>

#include "model/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto c = attn::parse_config(std::string_view(reinterpret_cast<const char*>(data), size));
  if (c && (c->n_head <= 0 || c->n_embd % c->n_head != 0 || c->n_layer <= 0 || c->vocab_size > 50257)) std::abort();
  return 0;
}
