// BERT's WordPiece, the Tokenizer's third way of reading text (tokenizer.h): vocab.txt in, greedy
// longest-match-first pieces of BERT's basic tokenizer's words out.
#include <algorithm>

#include "text/basic_tokenizer.h"
#include "text/tokenizer.h"
#include "text/unicode.h"

namespace attn {

Expected<Tokenizer> Tokenizer::load_wordpiece(std::string_view vocab_txt, bool lower_case, int vocab_size) {
  Tokenizer t;
  t.wordpiece_ = true;
  t.lower_case_ = lower_case;
  for (size_t pos = 0; pos < vocab_txt.size();) {
    size_t eol = vocab_txt.find('\n', pos);
    if (eol == std::string_view::npos) eol = vocab_txt.size();
    std::string_view line = vocab_txt.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    t.pieces_.emplace(std::string(line), static_cast<int>(t.tokens_.size()));  // a repeated line keeps its first id
    t.tokens_.emplace_back(line);
    pos = eol + 1;
  }
  if (static_cast<int>(t.tokens_.size()) != vocab_size)
    return fail("vocab.txt: " + std::to_string(t.tokens_.size()) + " tokens, but the model's vocab_size is " + std::to_string(vocab_size));
  t.vocab_size_ = vocab_size;
  for (auto [name, slot] : {std::pair{"[CLS]", &t.cls_}, {"[SEP]", &t.sep_}, {"[UNK]", &t.unk_}, {"[MASK]", &t.mask_}}) {
    auto it = t.pieces_.find(name);
    if (it == t.pieces_.end()) return fail(std::string("vocab.txt has no ") + name + " token");
    *slot = it->second;
    t.added_.push_back({name, it->second});
  }
  if (auto pad = t.pieces_.find("[PAD]"); pad != t.pieces_.end()) t.added_.push_back({"[PAD]", pad->second});
  std::stable_sort(t.added_.begin(), t.added_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return t;
}

// Greedy longest-match-first over each word of BERT's basic tokenizer, "##" marking a piece inside a word.
void Tokenizer::wordpiece_words(std::string_view text, std::vector<int>& ids) const {
  constexpr size_t kMaxChars = 100;
  for (const std::string& word : bert_basic_tokenize(text, lower_case_)) {
    size_t chars = 0;
    for (size_t i = 0; i < word.size(); ++chars) {
      uint32_t cp;
      i += decode_utf8(word, i, &cp);
    }
    if (chars > kMaxChars) {
      ids.push_back(unk_);
      continue;
    }
    std::vector<int> pieces;
    bool covered = true;
    for (size_t start = 0; start < word.size() && covered;) {
      covered = false;
      for (size_t end = word.size(); end > start; --end) {
        if (end < word.size() && (static_cast<uint8_t>(word[end]) & 0xC0) == 0x80) continue;  // inside a character
        std::string key = start ? "##" : "";
        key.append(word, start, end - start);
        auto it = pieces_.find(key);
        if (it != pieces_.end()) {
          pieces.push_back(it->second);
          start = end;
          covered = true;
          break;
        }
      }
    }
    if (covered) ids.insert(ids.end(), pieces.begin(), pieces.end());
    else ids.push_back(unk_);
  }
}

}  // namespace attn
