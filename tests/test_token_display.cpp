// Tokens that cut a character are drawn as the character with the bytes they hold, never "�". The ids are
// OpenAI's BPE on these texts (scripts/make_tokenizer_reference.py's independent encoder gives the same); the
// expected labels are read off each token's bytes by hand.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "text/token_display.h"

using attn::display_tokens;

namespace {

bool has_replacement_char(const std::string& s) { return s.find("\xEF\xBF\xBD") != std::string::npos; }

}  // namespace

TEST_CASE("a character cut into byte tokens is named with the bytes each token holds", "[token_display]") {
  const attn::Tokenizer& tok = attn::test::gpt2_tokenizer();
  // " 猫 cats": 20 e7 | 8c | ab | " cats" — 猫 is e7 8c ab.
  const std::vector<int> cat = {13328, 234, 104, 11875};
  REQUIRE(tok.encode(" \u732b cats") == cat);
  CHECK(display_tokens(tok, cat) ==
        std::vector<std::string>{"\u2423\u732b\u00B9\u2044\u2083",
                                 "\u732b\u00B2\u2044\u2083", "\u732b\u00B3\u2044\u2083", "\u2423cats"});
  // 😀 is f0 9f 98 80: "f0 9f 98" then "80" — bytes 1 to 3 of four, then the fourth.
  const std::vector<int> smile = {47249, 222};
  REQUIRE(tok.encode("\U0001F600") == smile);
  CHECK(display_tokens(tok, smile) == std::vector<std::string>{"\U0001F600\u00B9\u207B\u00B3\u2044\u2084", "\U0001F600\u2074\u2044\u2084"});
  // 小猫: e5 b0 | 8f | e7 | 8c | ab.
  const std::vector<int> kitten = {22887, 237, 163, 234, 104};
  REQUIRE(tok.encode("\u5c0f\u732b") == kitten);
  CHECK(display_tokens(tok, kitten) ==
        std::vector<std::string>{"\u5c0f\u00B9\u207B\u00B2\u2044\u2083", "\u5c0f\u00B3\u2044\u2083", "\u732b\u00B9\u2044\u2083",
                                 "\u732b\u00B2\u2044\u2083", "\u732b\u00B3\u2044\u2083"});
}

TEST_CASE("whole tokens keep their usual label; a piece with no text around it is hex", "[token_display]") {
  const attn::Tokenizer& tok = attn::test::gpt2_tokenizer();
  const auto ids = tok.encode("The cat sat.");
  std::vector<std::string> alone;
  for (int id : ids) alone.push_back(tok.display(id));
  CHECK(display_tokens(tok, ids) == alone);
  CHECK(tok.display(234) == "\u27E88c\u27E9");                   // ⟨8c⟩: a bar for a lone continuation byte
  CHECK(display_tokens(tok, {234}) == std::vector<std::string>{"\u27E88c\u27E9"});  // no character to name
  // A cut character at the text's edge (its first bytes were cut off by the context window): hex.
  CHECK(display_tokens(tok, {234, 104, 11875}) == std::vector<std::string>{"\u27E88c\u27E9", "\u27E8ab\u27E9", "\u2423cats"});
}

TEST_CASE("no label of any reference text contains U+FFFD", "[token_display]") {
  const attn::Tokenizer& tok = attn::test::gpt2_tokenizer();
  for (const char* text : {"\u5c0f\u732b\u6ca1\u6709\u8fc7\u9a6c\u8def\uff0c\u56e0\u4e3a\u5b83\u592a\u7d2f\u4e86\u3002",
                           "a\U0001F44D\U0001F3FD", "\U0001F468\u200D\U0001F469\u200D\U0001F467 family", "\xE7\x8C", "x\xFFy"}) {
    const auto labels = display_tokens(tok, tok.encode(text));
    for (const std::string& label : labels) {
      CHECK_FALSE(has_replacement_char(label));
      CHECK_FALSE(label.empty());
    }
  }
}
