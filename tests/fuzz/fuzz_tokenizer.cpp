// libFuzzer: any bytes tokenize without crashing, and decode(encode(bytes)) returns them exactly.
#include <cstdlib>

#include "host/model_dir.h"

static const attn::Tokenizer& tokenizer() {
  static const attn::Tokenizer tok = [] {
    auto t = attn::host::load_tokenizer();
    if (!t) std::abort();
    return t.take();
  }();
  return tok;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto ids = tokenizer().encode(text);
  if (tokenizer().decode(ids) != text) std::abort();
  for (int id : ids)
    if (!tokenizer().valid_id(id)) std::abort();
  return 0;
}
