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
  std::vector<TokenSpan> out;
  out.reserve(ids.size());
  if (tok.wordpiece()) {  // the pieces are already normalised text; "##" only marks a continuation
    int at = 0;
    for (int id : ids) {
      if (!tok.valid_id(id) || tok.is_special(id)) {
        out.push_back({at, at});
        continue;
      }
      std::string_view piece = tok.token_bytes(id);
      if (piece.substr(0, 2) == "##") piece.remove_prefix(2);
      out.push_back({at, at + static_cast<int>(piece.size())});
      at = out.back().end;
    }
    return out;
  }
  // Byte-level BPE: the tokens' bytes in order are the text. Normalise it a character at a time (a character
  // split across tokens counts at the token holding its last byte) and note the length before every byte.
  std::string text;
  std::vector<size_t> starts;
  for (int id : ids) {
    starts.push_back(text.size());
    if (tok.valid_id(id) && !tok.is_special(id)) text += tok.token_bytes(id);
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
  for (size_t t = 0; t < ids.size(); ++t) out.push_back({before[starts[t]], before[starts[t + 1]]});
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
