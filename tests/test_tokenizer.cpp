#include <catch2/catch.hpp>

#include "run/rng.h"
#include "test_support.h"

using namespace attn;
using attn::test::gpt2_tokenizer;

namespace {

const nlohmann::json& reference_cases() {
  static const nlohmann::json cases = [] {
    auto text = host::read_file(test::data_dir() + "/tokenizer_reference.json");
    REQUIRE(text.ok());
    return nlohmann::json::parse(*text)["cases"];
  }();
  return cases;
}

const Tokenizer& tokenizer_8192() {
  static const Tokenizer tok = [] {
    auto t = host::load_tokenizer("", 8192);
    REQUIRE(t.ok());
    return t.take();
  }();
  return tok;
}

}  // namespace

TEST_CASE("encode matches OpenAI's algorithm on 250+ reference strings", "[tokenizer]") {
  const auto& cases = reference_cases();
  REQUIRE(cases.size() >= 250);
  int mismatches = 0;
  for (const auto& c : cases) {
    const std::string text = c["text"];
    const auto ids = gpt2_tokenizer().encode(text);
    if (ids != c["ids"].get<std::vector<int>>()) {
      ++mismatches;
      UNSCOPED_INFO("mismatch for: " << text);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("a vocabulary of 8192 applies only the first 7936 merges and keeps GPT-2's ids", "[tokenizer]") {
  const Tokenizer& cut = tokenizer_8192();
  CHECK(cut.vocab_size() == 8192);
  CHECK(cut.merges_used() == 7936);
  int mismatches = 0;
  for (const auto& c : reference_cases()) {
    const std::string text = c["text"];
    const auto ids = cut.encode(text);
    for (int id : ids) REQUIRE(id < 8192);
    if (ids != c["ids_vocab8192"].get<std::vector<int>>()) {
      ++mismatches;
      UNSCOPED_INFO("mismatch for: " << text);
    }
    for (int id : ids) REQUIRE(cut.token_bytes(id) == gpt2_tokenizer().token_bytes(id));
  }
  CHECK(mismatches == 0);
}

TEST_CASE("decode(encode(bytes)) returns the exact bytes, invalid UTF-8 included", "[tokenizer]") {
  Rng rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes(rng.next_u32() % 64, '\0');
    for (char& b : bytes) b = static_cast<char>(trial % 3 == 0 ? rng.next_u32() % 256 : " aé\xE6\x97\xA5\n'"[rng.next_u32() % 10]);
    REQUIRE(gpt2_tokenizer().decode(gpt2_tokenizer().encode(bytes)) == bytes);
    REQUIRE(tokenizer_8192().decode(tokenizer_8192().encode(bytes)) == bytes);
  }
}

TEST_CASE("a 50 KB word tokenizes quickly and round-trips", "[tokenizer]") {
  const std::string word(50000, 'a');
  const auto ids = gpt2_tokenizer().encode(word);
  CHECK(ids.size() < word.size() / 2);
  CHECK(gpt2_tokenizer().decode(ids) == word);
}

TEST_CASE("display shows spaces, newlines and partial UTF-8 visibly", "[tokenizer]") {
  const Tokenizer& tok = gpt2_tokenizer();
  CHECK(tok.display(262) == "\u2423the");  // " the"
  CHECK(tok.display(198) == "\u21B5");     // "\n"
  CHECK(display_token("\xE2") == "\u27E8e2\u27E9");                       // ⟨e2⟩
  CHECK(display_token(" \xE6\x97") == "\u2423\u27E8e6 97\u27E9");         // ␣⟨e6 97⟩
  CHECK(display_token("a\x01\xFF\tb") == "a\u27E801 ff\u27E9\u21E5b");
  CHECK(display_token("caf\xC3\xA9") == "café");
  CHECK(tok.display(-1) == "<invalid>");
  CHECK(tok.decode({-5, 99999, 15496}) == "Hello");  // invalid ids are skipped
}

TEST_CASE("malformed tokenizer files give one-line errors", "[tokenizer]") {
  const std::string merges = "#version: 0.2\n";
  CHECK(Tokenizer::load("not json", merges).error() == "encoder.json: not a JSON object");
  CHECK(Tokenizer::load("{\"a\": 0}", merges).error().find("fewer than vocab_size") != std::string::npos);
  CHECK(Tokenizer::load("{}", merges, 10).error().find("outside") != std::string::npos);
  auto encoder = host::read_file(host::default_tokenizer_dir() + "/encoder.json");
  REQUIRE(encoder.ok());
  CHECK(Tokenizer::load(*encoder, "#version: 0.2\nh e\n").error() == "vocab.bpe: merge 0 does not produce id 256");
  CHECK(Tokenizer::load(*encoder, "#version: 0.2\nĠ t\n").error() == "vocab.bpe: 1 merges, need 50000");
  CHECK(Tokenizer::load(*encoder, "#version: 0.2\nĠt\n").error() == "vocab.bpe: merge 0 is malformed");
  CHECK(Tokenizer::load(*encoder, "#version: 0.2\nĠ t\n", 257).error().empty());
}
