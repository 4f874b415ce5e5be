#include "text/pretokenize.h"

#include <cstdint>

#include "text/unicode.h"

namespace attn {
namespace {

struct Char {
  uint32_t cp;
  CharClass cls;
  size_t offset;  // byte offset in the text
};

std::vector<Char> decode_all(std::string_view text) {
  std::vector<Char> chars;
  chars.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    size_t len = decode_utf8(text, i, &cp);
    chars.push_back({cp, char_class(cp), i});
    i += len;
  }
  return chars;
}

// Length in characters of a contraction ('s 't 're 've 'm 'll 'd) starting at i, or 0.
size_t contraction_at(const std::vector<Char>& c, size_t i) {
  if (c[i].cp != '\'' || i + 1 >= c.size()) return 0;
  const uint32_t a = c[i + 1].cp;
  if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
  if (i + 2 < c.size()) {
    const uint32_t b = c[i + 2].cp;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
  }
  return 0;
}

}  // namespace

std::vector<Piece> pretokenize(std::string_view text) {
  const std::vector<Char> c = decode_all(text);
  const size_t n = c.size();
  std::vector<Piece> pieces;
  size_t i = 0;
  const auto emit = [&](size_t end) {  // end: character index one past the piece
    const size_t b = c[i].offset, e = end < n ? c[end].offset : text.size();
    pieces.push_back({b, e - b});
    i = end;
  };
  while (i < n) {
    if (size_t len = contraction_at(c, i)) {
      emit(i + len);
      continue;
    }
    // " ?\p{L}+", " ?\p{N}+" and " ?[^\s\p{L}\p{N}]+": an optional ASCII space, then a run of one class.
    size_t start = (c[i].cp == ' ' && i + 1 < n && c[i + 1].cls != CharClass::Space) ? i + 1 : i;
    const CharClass cls = c[start].cls;
    if (cls != CharClass::Space) {
      size_t end = start + 1;
      while (end < n && c[end].cls == cls) ++end;
      emit(end);
      continue;
    }
    // "\s+(?!\S)" then "\s+": a whitespace run, leaving its last space to the next word if one follows.
    size_t end = i + 1;
    while (end < n && c[end].cls == CharClass::Space) ++end;
    if (end < n && end - i > 1) --end;
    emit(end);
  }
  return pieces;
}

std::vector<Piece> pretokenize_digits_then_gpt2(std::string_view text) {
  std::vector<Piece> pieces;
  size_t run = 0;  // start of the text since the last digit
  const auto flush = [&](size_t end) {
    for (const Piece& p : pretokenize(text.substr(run, end - run))) pieces.push_back({run + p.begin, p.size});
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    const size_t len = decode_utf8(text, i, &cp);
    if (char_class(cp) == CharClass::Number) {
      flush(i);
      pieces.push_back({i, len});
      run = i + len;
    }
    i += len;
  }
  flush(text.size());
  return pieces;
}

}  // namespace attn
