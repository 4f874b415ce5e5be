#include "core/glyph_audit.h"

#include "text/unicode.h"

namespace attn::app {
namespace {
std::set<uint32_t> g_seen;
}

void audit_text(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {  // ASCII is always in the atlas: skip it cheaply
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = decode_utf8(utf8, i, &cp);
    if (cp != kInvalidByte) g_seen.insert(cp);
    i += n ? n : 1;
  }
}

std::set<uint32_t> take_audited_code_points() {
  std::set<uint32_t> out;
  out.swap(g_seen);
  return out;
}

}  // namespace attn::app
