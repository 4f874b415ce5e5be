// Where each token's characters fall in the reader's text, in a form two tokenizers agree on, so a view can
// put GPT-2's "␣it" beside BERT's "it": BERT's normalisation (lower-cased, accents stripped) with spaces,
// control characters and U+FFFD dropped, measured in bytes. Special tokens ([CLS], [SEP], <|endoftext|>)
// cover nothing. A WordPiece [UNK] covers nothing either (the word it stands for is gone), so texts with one
// align only up to it.
#pragma once
#include <vector>

#include "text/tokenizer.h"

namespace attn {

struct TokenSpan {
  int begin = 0, end = 0;  // [begin, end) in the normalised text
  bool empty() const { return end <= begin; }
};

std::vector<TokenSpan> token_spans(const Tokenizer& tokenizer, const std::vector<int>& ids);

// The token of `to` that holds the first character of `from[index]`; -1 when that token covers nothing or
// no token of `to` holds it.
int aligned_token(const std::vector<TokenSpan>& from, int index, const std::vector<TokenSpan>& to);

}  // namespace attn
