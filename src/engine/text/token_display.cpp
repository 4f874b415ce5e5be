#include "text/token_display.h"

#include "text/unicode.h"

namespace attn {
namespace {

const char* kSuperscript[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074"};
const char* kSubscript[] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084"};

// A character of the whole text: where it starts and how many bytes it has (1 for a stray byte).
struct Char {
  size_t start = 0, len = 1;
  bool valid = false;
};

}  // namespace

std::string byte_marker(int first, int last, int n) {
  const auto digit = [](const char* const* table, int d) { return std::string(table[d < 0 ? 0 : d > 4 ? 4 : d]); };
  std::string out = digit(kSuperscript, first);
  if (last != first) out += "\u207B" + digit(kSuperscript, last);  // ⁻
  return out + "\u2044" + digit(kSubscript, n);                   // ⁄ₙ
}

std::vector<std::string> display_tokens(const Tokenizer& tok, const std::vector<int>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  // Specials and WordPiece pieces are whole characters already: only byte-level pieces need the text around.
  std::string text;
  std::vector<size_t> starts;
  for (int id : ids) {
    starts.push_back(text.size());
    if (tok.valid_id(id) && !tok.is_special(id) && !tok.wordpiece()) text += tok.token_bytes(id);
  }
  starts.push_back(text.size());
  std::vector<Char> chars;  // every character of the text, in order
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8(text, i, &cp);
    chars.push_back({i, cp == kInvalidByte ? 1 : len, cp != kInvalidByte});
    i += chars.back().len;
  }
  size_t c = 0;  // the first character that can overlap the current token
  for (size_t t = 0; t < ids.size(); ++t) {
    const size_t a = starts[t], b = starts[t + 1];
    while (c < chars.size() && chars[c].start + chars[c].len <= a) ++c;
    bool whole = true;  // the token starts and ends on character boundaries
    for (size_t k = c; k < chars.size() && chars[k].start < b; ++k)
      whole &= chars[k].valid && chars[k].start >= a && chars[k].start + chars[k].len <= b;
    if (a == b || whole) {
      out.push_back(tok.display(ids[t]));
      continue;
    }
    std::string label, hex;
    const auto flush_hex = [&] {
      if (!hex.empty()) label += "\u27E8" + hex + "\u27E9";  // ⟨e7 8c⟩
      hex.clear();
    };
    for (size_t k = c; k < chars.size() && chars[k].start < b; ++k) {
      const Char& ch = chars[k];
      if (!ch.valid) {
        static const char* kHex = "0123456789abcdef";
        const auto byte = static_cast<unsigned char>(text[ch.start]);
        if (!hex.empty()) hex += ' ';
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
        continue;
      }
      flush_hex();
      const std::string_view whole_char(text.data() + ch.start, ch.len);
      label += display_token(whole_char);
      const size_t first = std::max(ch.start, a), last = std::min(ch.start + ch.len, b);
      if (first != ch.start || last != ch.start + ch.len)
        label += byte_marker(int(first - ch.start) + 1, int(last - ch.start), int(ch.len));
    }
    flush_hex();
    out.push_back(label);
  }
  return out;
}

}  // namespace attn
