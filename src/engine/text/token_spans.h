// Where each token's characters fall in the reader's text, in a form two tokenizers agree on, so a view can
// put GPT-2's "␣it" beside BERT's "it": BERT's uncased normalisation (lower-cased, accents stripped) with spaces,
// control characters and U+FFFD dropped, measured in bytes and counted back from the text's end (a model that
// keeps only the last n_ctx tokens drops the start, never the end). Tokens a tokenizer adds ([CLS], [SEP], a
// BOS) cover nothing; special tokens typed in the text ([MASK], <|endoftext|>) cover their literal text. A
// WordPiece [UNK] stands for a word whose length is gone: the tokens before it cover nothing.
#pragma once
#include <vector>

#include "text/tokenizer.h"

namespace attn {

struct TokenSpan {
  int begin = 0, end = 0;  // [begin, end) in the normalised text, counted from its end (so both are <= 0)
  bool empty() const { return end <= begin; }
};

std::vector<TokenSpan> token_spans(const Tokenizer& tokenizer, const std::vector<int>& ids);

// The token of `to` that holds the first character of `from[index]`; -1 when that token covers nothing or
// no token of `to` holds it.
int aligned_token(const std::vector<TokenSpan>& from, int index, const std::vector<TokenSpan>& to);

}  // namespace attn
