// Where the lesson's pronoun is in the reader's text ("it", «ella», 它), in whatever pieces the tokenizer
// cut it into: the lesson asks what it refers to, from the token that completes it.
#pragma once
#include <string>
#include <vector>

namespace attn::app {

// `pieces`: each token's bytes, in order; `pronouns`: the words to look for, separated by '|' ("it|It").
// Returns the token holding the last byte of the last whole-word occurrence, or -1. A Latin-script word must
// stand alone (no letter right before or after); a Chinese one needs no spaces.
int find_pronoun(const std::vector<std::string>& pieces, const std::string& pronouns);

}  // namespace attn::app
