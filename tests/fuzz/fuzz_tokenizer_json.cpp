// libFuzzer: tokenizer.json (a Llama-family model's: pre-tokenizer, special tokens, its BPE vocabulary and
// merges) never crashes the parser or the tokenizer built from it; the input's tail is also encoded as text,
// and every id that comes out is in the vocabulary.
#include <cstdlib>

#include "text/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t cut = all.find('\0');  // "tokenizer.json\0text to encode"
  const std::string_view json = all.substr(0, cut), text = cut == std::string_view::npos ? std::string_view() : all.substr(cut + 1);
  auto spec = attn::parse_tokenizer_json(json);
  if (!spec) return 0;
  auto tok = attn::Tokenizer::load_bpe(spec->vocab_json, spec->merges_txt, *spec, 4096);
  if (!tok) return 0;
  for (int id : tok->encode(text.empty() ? json.substr(0, 256) : text))
    if (!tok->valid_id(id)) std::abort();
  return 0;
}
