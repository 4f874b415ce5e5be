// The "Try:" example sentences, chosen for the loaded model's tokenizer: a lesson example should not need
// its words explained away, so a sentence is offered only if no word of four letters or fewer is split.
#pragma once
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace attn::app {

// The words of 1-4 ASCII letters in `text` that the tokenizer splits across tokens (in text order).
std::vector<std::string> split_short_words(const Tokenizer& tokenizer, const std::string& text);

// Up to six example sentences that split no short word with this tokenizer (the default sentence first
// when it qualifies).
std::vector<std::string> presets_for(const Tokenizer& tokenizer);

}  // namespace attn::app
