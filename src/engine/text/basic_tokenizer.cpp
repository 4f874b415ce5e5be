#include "text/basic_tokenizer.h"

#include <algorithm>
#include <cstdint>

#include "text/unicode.h"

namespace attn {
namespace {

struct CodeRange {
  uint32_t lo, hi;
};
struct CodePair {
  uint32_t from, to;
};
struct Stripped {
  uint32_t from, base[3];
  int n;
};
#include "text/wordpiece_tables.inc"

template <size_t N>
bool in(const CodeRange (&ranges)[N], uint32_t cp) {
  auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp, [](uint32_t c, const CodeRange& r) { return c < r.lo; });
  return it != std::begin(ranges) && cp <= (it - 1)->hi;
}

bool is_whitespace(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || in(kSpaceSeparatorRanges, cp); }
bool is_control(uint32_t cp) {
  return cp != '\t' && cp != '\n' && cp != '\r' && (in(kControlRanges, cp) || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000);
}
// BERT's punctuation: every ASCII non-letter, non-digit, non-space symbol, and Unicode's P* categories.
bool is_punctuation(uint32_t cp) {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126) ||
         in(kPunctuationRanges, cp);
}
// The CJK Unified Ideographs blocks BERT spaces out (its _is_chinese_char).
bool is_cjk(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

uint32_t lower(uint32_t cp) {
  auto it = std::lower_bound(std::begin(kLowercase), std::end(kLowercase), cp, [](const CodePair& p, uint32_t c) { return p.from < c; });
  return it != std::end(kLowercase) && it->from == cp ? it->to : cp;
}

// cp with its accents stripped: its canonical decomposition without nonspacing marks (none for a mark itself).
void append_stripped(std::u32string& out, uint32_t cp) {
  if (in(kMarkRanges, cp)) return;
  auto it = std::lower_bound(std::begin(kStripped), std::end(kStripped), cp, [](const Stripped& s, uint32_t c) { return s.from < c; });
  if (it != std::end(kStripped) && it->from == cp) out.append(it->base, it->base + it->n);
  else out.push_back(cp);
}

std::string utf8(const std::u32string& s) {
  std::string out;
  for (uint32_t cp : s) append_utf8(out, cp);
  return out;
}

}  // namespace

std::vector<std::string> bert_basic_tokenize(std::string_view text, bool lower_case) {
  std::vector<std::string> words;
  std::u32string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(utf8(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    i += decode_utf8(text, i, &cp);
    if (cp == 0 || cp == 0xFFFD || cp == kInvalidByte || (cp >= 0xD800 && cp <= 0xDFFF) || is_control(cp)) continue;
    if (is_whitespace(cp)) {
      flush();
      continue;
    }
    if (is_cjk(cp)) {
      flush();
      word.push_back(cp);
      flush();
      continue;
    }
    std::u32string chars;  // the character after lower-casing and accent stripping (it may become several)
    if (lower_case) append_stripped(chars, lower(cp));
    else chars.push_back(cp);
    for (uint32_t c : chars) {
      if (is_punctuation(c)) {
        flush();
        word.push_back(c);
        flush();
      } else {
        word.push_back(c);
      }
    }
  }
  flush();
  return words;
}

}  // namespace attn
