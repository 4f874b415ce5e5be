#include "text/token_spans.h"

#include <string>
#include <string_view>

#include "text/basic_tokenizer.h"
#include "text/unicode.h"

namespace attn {
namespace {

// The bytes a piece of text has once BERT's basic tokenizer has normalised it, separators dropped.
int normalised_length(std::string_view piece) {
  int n = 0;
  for (const std::string& word : bert_basic_tokenize(piece, true)) n += static_cast<int>(word.size());
  return n;
}

}  // namespace

std::vector<TokenSpan> token_spans(const Tokenizer& tok, const std::vector<int>& ids) {
  std::vector<TokenSpan> out(ids.size());
  if (tok.wordpiece()) {
    // Walk back from the end: each piece's normalised length ("##" only marks a continuation).
    int at = 0;
    for (size_t t = ids.size(); t-- > 0;) {
      const int id = ids[t];
      const std::string_view piece = tok.valid_id(id) ? std::string_view(tok.token_bytes(id)) : std::string_view();
      if (piece == "[UNK]") {  // the word is gone: nothing before it can be placed
        for (size_t u = 0; u <= t; ++u) out[u] = {at, at};
        break;
      }
      const bool added = piece == "[CLS]" || piece == "[SEP]";
      const int n = added ? 0 : normalised_length(piece.substr(0, 2) == "##" ? piece.substr(2) : piece);
      out[t] = {at - n, at};
      at -= n;
    }
    return out;
  }
  // Byte-level BPE: the tokens' bytes in order are the text (a BOS the tokenizer adds is not). Normalise it a
  // character at a time (a character split across tokens counts at the token holding its last byte) and note
  // the length before every byte.
  std::string text;
  std::vector<size_t> starts;
  for (size_t t = 0; t < ids.size(); ++t) {
    starts.push_back(text.size());
    const bool added = t == 0 && ids[t] == tok.bos() && tok.bos() >= 0;
    if (tok.valid_id(ids[t]) && !added) text += tok.token_bytes(ids[t]);
  }
  starts.push_back(text.size());
  std::vector<int> before(text.size() + 1, 0);
  int n = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8(text, i, &cp);
    for (size_t k = i; k < i + len; ++k) before[k] = n;
    n += cp == kInvalidByte ? 0 : normalised_length(std::string_view(text).substr(i, len));
    i += len;
  }
  before[text.size()] = n;
  for (size_t t = 0; t < ids.size(); ++t) out[t] = {before[starts[t]] - n, before[starts[t + 1]] - n};
  return out;
}

int aligned_token(const std::vector<TokenSpan>& from, int index, const std::vector<TokenSpan>& to) {
  if (index < 0 || index >= static_cast<int>(from.size()) || from[index].empty()) return -1;
  const int at = from[index].begin;
  for (size_t t = 0; t < to.size(); ++t)
    if (!to[t].empty() && to[t].begin <= at && at < to[t].end) return static_cast<int>(t);
  return -1;
}

}  // namespace attn
