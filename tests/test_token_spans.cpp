// Token spans line up two tokenizers on the same text: GPT-2's byte-level BPE and a BERT-style WordPiece built
// here. The expected pairs are read off the two tokenizations by hand.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "text/token_spans.h"

using namespace attn;

namespace {

// A WordPiece vocabulary with BERT's special tokens and the words of the sentences below.
const Tokenizer& wordpiece() {
  static const Tokenizer tok = [] {
    const char* words[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "animal", "didn", "'", "t", "cross",
                           "street", "because", "it", "was", "too", "tired", ".", "cafe", "猫", "cat", "##s", "is", "on",
                           "[", "]", "today", "a"};
    std::string vocab;
    for (const char* w : words) vocab += std::string(w) + "\n";
    return *Tokenizer::load_wordpiece(vocab, true, static_cast<int>(std::size(words)));
  }();
  return tok;
}

// For each token of `from`, the text of the token of `to` it aligns with ("" for none).
std::vector<std::string> aligned(const Tokenizer& a, const std::vector<int>& ia, const Tokenizer& b, const std::vector<int>& ib) {
  const auto sa = token_spans(a, ia), sb = token_spans(b, ib);
  std::vector<std::string> out;
  for (size_t t = 0; t < ia.size(); ++t) {
    const int u = aligned_token(sa, static_cast<int>(t), sb);
    out.push_back(u < 0 ? "" : b.display(ib[u]));
  }
  return out;
}

}  // namespace

TEST_CASE("GPT-2's tokens align with BERT's on the default sentence", "[token_spans]") {
  const Tokenizer& gpt2 = test::gpt2_tokenizer();
  const std::string text = "The animal didn't cross the street because it was too tired.";
  const auto g = gpt2.encode(text), w = wordpiece().encode(text);
  // GPT-2: The ␣animal ␣didn 't ␣cross ␣the ␣street ␣because ␣it ␣was ␣too ␣tired .
  // BERT:  [CLS] the animal didn ' t cross the street because it was too tired . [SEP]
  REQUIRE(g.size() == 13);
  REQUIRE(w.size() == 16);
  CHECK(aligned(gpt2, g, wordpiece(), w) ==
        std::vector<std::string>{"the", "animal", "didn", "'", "cross", "the", "street", "because", "it", "was", "too", "tired", "."});
  CHECK(aligned(wordpiece(), w, gpt2, g) ==
        std::vector<std::string>{"", "The", "\u2423animal", "\u2423didn", "'t", "'t", "\u2423cross", "\u2423the", "\u2423street",
                                 "\u2423because", "\u2423it", "\u2423was", "\u2423too", "\u2423tired", ".", ""});
}

TEST_CASE("accents, characters split into bytes and ## pieces still align", "[token_spans]") {
  const Tokenizer& gpt2 = test::gpt2_tokenizer();
  const std::string text = "Caf\u00e9 \u732b cats";
  const auto g = gpt2.encode(text), w = wordpiece().encode(text);
  // GPT-2: C af é ␣⟨e7⟩ ⟨8c⟩ ⟨ab⟩ ␣cats (猫's three bytes in three tokens). BERT: [CLS] cafe 猫 cat ##s [SEP].
  REQUIRE(g.size() == 7);
  REQUIRE(w.size() == 6);
  // A character split across tokens belongs to the token holding its last byte; the others hold nothing of it.
  CHECK(aligned(gpt2, g, wordpiece(), w) == std::vector<std::string>{"cafe", "cafe", "cafe", "", "", "\u732b", "cat"});
  CHECK(aligned(wordpiece(), w, gpt2, g) == std::vector<std::string>{"", "C", "\u27E8ab\u27E9", "\u2423cats", "\u2423cats", ""});
}

TEST_CASE("special tokens and out-of-range indices align with nothing", "[token_spans]") {
  const auto w = wordpiece().encode("it");
  const auto s = token_spans(wordpiece(), w);
  CHECK(s[0].empty());  // [CLS]
  CHECK(aligned_token(s, 0, s) == -1);
  CHECK(aligned_token(s, 1, s) == 1);
  CHECK(aligned_token(s, -1, s) == -1);
  CHECK(aligned_token(s, 99, s) == -1);
  CHECK(token_spans(wordpiece(), {}).empty());
}

TEST_CASE("a typed [MASK], a cut start, an [UNK] and a cased vocabulary", "[token_spans]") {
  const Tokenizer& gpt2 = test::gpt2_tokenizer();
  // GPT-2 reads "[MASK]" as text: ␣[ MAS K ]; BERT as one token. The words after it still meet.
  const std::string text = "the cat is on the [MASK] today.";
  const auto g = gpt2.encode(text), w = wordpiece().encode(text);
  const auto back = aligned(wordpiece(), w, gpt2, g);  // [CLS] the cat is on the [MASK] today . [SEP]
  REQUIRE(back.size() == 10);
  CHECK(back[6] == "\u2423[");
  CHECK(back[7] == "\u2423today");
  CHECK(back[8] == ".");
  // A model that kept only the last tokens: GPT-2 without its first three still meets BERT's same words.
  const std::vector<int> cut(g.begin() + 3, g.end());
  const auto back_cut = aligned(wordpiece(), w, gpt2, cut);
  CHECK(back_cut[2].empty());  // "cat" was cut away
  CHECK(back_cut[4] == "\u2423on");
  CHECK(back_cut[7] == "\u2423today");
  // [UNK] ("zebra" is not in the vocabulary): what follows it aligns, what comes before cannot be placed.
  const auto u = wordpiece().encode("the cat is a zebra today");  // [CLS] the cat is a [UNK] today [SEP]
  const auto gu = gpt2.encode("the cat is a zebra today");
  const auto back_unk = aligned(wordpiece(), u, gpt2, gu);
  CHECK(back_unk[1].empty());
  CHECK(back_unk[6] == "\u2423today");
  // A cased WordPiece keeps capitals and accents in its pieces: compared uncased, they still meet.
  auto cased = Tokenizer::load_wordpiece("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nCaf\u00e9\nIt\nis\n", false, 8);
  REQUIRE(cased.ok());
  const auto c = cased->encode("Caf\u00e9 It is"), gc = gpt2.encode("Caf\u00e9 It is");
  CHECK(aligned(*cased, c, gpt2, gc) == std::vector<std::string>{"", "C", "\u2423It", "\u2423is", ""});
}
