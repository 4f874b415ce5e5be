// libFuzzer: config.json parsing (every family's) never crashes; accepted configs are consistent.
#include <cstdlib>

#include "model/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto c = attn::parse_config(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!c) return 0;
  if (c->n_head <= 0 || c->n_embd % c->n_head != 0 || c->n_layer <= 0 || c->n_kv_head <= 0 || c->n_head % c->n_kv_head != 0 ||
      c->n_inner <= 0 || c->n_ctx <= 0)
    std::abort();
  if (c->family == "gpt2" && c->vocab_size > 50257) std::abort();
  if (c->traits.positions == attn::PositionKind::Rotary && (c->head_size() % 2 != 0 || !(c->traits.rope_theta > 0))) std::abort();
  return 0;
}
