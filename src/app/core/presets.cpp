#include "core/presets.h"

#include <cctype>

#include "core/app_state.h"
#include "core/i18n.h"

namespace attn::app {
namespace {

// Examples that show the lesson's points: a pronoun and its noun, repetition (induction), a long-range
// agreement, names, counting.
const char* kCandidates[] = {
    kDefaultText,
    "The cat sat on the mat. The cat sat on the",
    "The trophy did not fit in the bag because it was too big.",
    "Alice emailed Bob because she",
    "The keys to the box are on the table.",
    "When Mary and John went to the store, John gave a drink to",
    "Harry Potter went to Hogwarts. Harry Potter went to",
    "The boy gave the girl a book because she asked for it.",
    "One, two, three, four, five, six,",
    "The dog chased the cat up the tree, and then it",
};

}  // namespace

std::vector<std::string> split_short_words(const Tokenizer& tok, const std::string& text) {
  // Where each token ends in the text's bytes: a word is split when a boundary falls inside it.
  std::vector<size_t> ends;
  size_t at = 0;
  for (int id : tok.encode(text)) ends.push_back(at += tok.decode({id}).size());
  const auto inside = [&](size_t a, size_t b) {
    for (size_t e : ends)
      if (e > a && e < b) return true;
    return false;
  };
  std::vector<std::string> split;
  for (size_t i = 0; i < text.size();) {
    if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i <= 4 && inside(i, j)) split.push_back(text.substr(i, j - i));
    i = j;
  }
  return split;
}

std::vector<std::string> presets_for(const Tokenizer& tok) {
  std::vector<std::string> out;
  if (language() != "en") {  // the language's own examples, one per line of the catalogue's entry
    const std::string lines = tr("text.presets");
    for (size_t at = 0; at < lines.size() && out.size() < 6;) {
      size_t nl = lines.find('\n', at);
      if (nl == std::string::npos) nl = lines.size();
      if (nl > at) out.push_back(lines.substr(at, nl - at));
      at = nl + 1;
    }
    if (!out.empty()) return out;
  }
  for (const char* c : kCandidates)
    if (out.size() < 6 && split_short_words(tok, c).empty()) out.push_back(c);
  return out;
}

}  // namespace attn::app
