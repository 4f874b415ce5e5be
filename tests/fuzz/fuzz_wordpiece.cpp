// libFuzzer: BERT's vocab.txt + WordPiece never crash; every id that comes out is in the vocabulary. The input
// is "vocab.txt\0text": the text (any bytes, odd Unicode included) is encoded with the vocabulary, lower-cased
// and not.
#include <cstdlib>

#include "text/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t cut = all.find('\0');
  const std::string_view vocab = all.substr(0, cut), text = cut == std::string_view::npos ? all : all.substr(cut + 1);
  int lines = 0;
  for (size_t pos = 0; pos < vocab.size(); ++lines) {
    const size_t eol = vocab.find('\n', pos);
    pos = eol == std::string_view::npos ? vocab.size() : eol + 1;
  }
  for (bool lower : {true, false}) {
    auto tok = attn::Tokenizer::load_wordpiece(vocab, lower, lines);
    if (!tok) continue;
    for (int id : tok->encode(text))
      if (!tok->valid_id(id)) std::abort();
  }
  return 0;
}
