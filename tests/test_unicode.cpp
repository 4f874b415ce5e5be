#include <catch2/catch.hpp>

#include "text/pretokenize.h"
#include "text/unicode.h"

using namespace attn;

namespace {
uint32_t first_cp(const std::string& s, size_t* len = nullptr) {
  uint32_t cp;
  size_t n = decode_utf8(s, 0, &cp);
  if (len) *len = n;
  return cp;
}
}  // namespace

TEST_CASE("decode_utf8 reads 1- to 4-byte characters", "[unicode]") {
  size_t len;
  CHECK(first_cp("A", &len) == 0x41);
  CHECK(len == 1);
  CHECK(first_cp("é", &len) == 0xE9);
  CHECK(len == 2);
  CHECK(first_cp("日", &len) == 0x65E5);
  CHECK(len == 3);
  CHECK(first_cp("😀", &len) == 0x1F600);
  CHECK(len == 4);
}

TEST_CASE("decode_utf8 rejects overlongs, surrogates, out-of-range and cut-off sequences byte by byte", "[unicode]") {
  for (const std::string bad : {"\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE6\x97", "\x80",
                                "\xFF", "\xF8\x88\x80\x80\x80"}) {
    size_t len;
    CHECK(first_cp(bad, &len) == kInvalidByte);
    CHECK(len == 1);
    CHECK_FALSE(is_valid_utf8(bad));
  }
  CHECK(is_valid_utf8("plain ASCII, café, 日本語, 😀"));
}

TEST_CASE("char_class follows Unicode general categories and White_Space", "[unicode]") {
  for (uint32_t cp : {0x41u, 0x7Au, 0xE9u, 0x3A9u, 0x65E5u, 0x3042u, 0x5D0u, 0x10400u, 0x2C6u /* Lm */})
    CHECK(char_class(cp) == CharClass::Letter);
  for (uint32_t cp : {0x30u, 0x39u, 0xBDu /* ½ */, 0x663u /* ٣ */, 0x2167u /* Ⅷ */, 0xB2u /* ² */})
    CHECK(char_class(cp) == CharClass::Number);
  for (uint32_t cp : {0x20u, 0x09u, 0x0Au, 0x0Du, 0x85u, 0xA0u, 0x2009u, 0x2028u, 0x3000u})
    CHECK(char_class(cp) == CharClass::Space);
  for (uint32_t cp : {0x21u, 0x2Du, 0x1Cu /* not White_Space */, 0x200Bu, 0xFEFFu, 0x1F600u, 0x301u /* Mn */, kInvalidByte})
    CHECK(char_class(cp) == CharClass::Other);
}

TEST_CASE("append_utf8 inverts decode_utf8 for every scalar value", "[unicode]") {
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x1000 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    append_utf8(s, cp);
    REQUIRE(first_cp(s) == cp);
  }
}

TEST_CASE("pretokenize splits like GPT-2's pattern", "[unicode]") {
  const auto split = [](const std::string& text) {
    std::vector<std::string> out;
    for (const Piece& p : pretokenize(text)) out.push_back(text.substr(p.begin, p.size));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(split("Hello world") == V{"Hello", " world"});
  CHECK(split("didn't") == V{"didn", "'t"});
  CHECK(split("a  b") == V{"a", " ", " b"});
  CHECK(split("end   ") == V{"end", "   "});
  CHECK(split("x\n\ny") == V{"x", "\n", "\n", "y"});  // \s+(?!\S) leaves one newline, then \s+
  CHECK(split("12abc!?") == V{"12", "abc", "!?"});
  CHECK(split(" 's") == V{" '", "s"});
  CHECK(split("") == V{});
  CHECK(split("\xFF\xFE ok") == V{"\xFF\xFE", " ok"});
}
