#include "core/pronoun.h"

#include <cctype>

#include "text/unicode.h"

namespace attn::app {
namespace {

bool ascii_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Whether the character that ends just before `at` (backwards) or starts at `at` is a letter (á, ñ count).
bool letter_at(const std::string& text, size_t at) {
  uint32_t cp = 0;
  decode_utf8(text, at, &cp);
  return cp != kInvalidByte && char_class(cp) == CharClass::Letter;
}
bool letter_before(const std::string& text, size_t at) {
  if (at == 0) return false;
  size_t start = at - 1;
  while (start > 0 && at - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return letter_at(text, start);
}

}  // namespace

int find_pronoun(const std::vector<std::string>& pieces, const std::string& pronouns) {
  std::string text;
  std::vector<size_t> ends;  // byte offset where each token ends
  for (const std::string& p : pieces) ends.push_back((text += p).size());
  size_t best_end = 0;  // one past the last byte of the latest match
  for (size_t from = 0; from <= pronouns.size();) {
    size_t bar = pronouns.find('|', from);
    if (bar == std::string::npos) bar = pronouns.size();
    const std::string word = pronouns.substr(from, bar - from);
    from = bar + 1;
    if (word.empty()) continue;
    const bool latin = ascii_letter(word.front());
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
      const size_t end = at + word.size();
      if (latin && (letter_before(text, at) || (end < text.size() && letter_at(text, end)))) continue;
      if (end > best_end) best_end = end;
    }
  }
  if (best_end == 0) return -1;
  for (size_t t = 0; t < ends.size(); ++t)
    if (ends[t] >= best_end) return static_cast<int>(t);
  return -1;
}

}  // namespace attn::app
