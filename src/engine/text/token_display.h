// Tokens as a reader should see them. A byte-level tokenizer can cut a character: GPT-2 reads 猫 (three
// UTF-8 bytes) as three tokens, none of them valid UTF-8 alone, which other tools draw as "�". Here such a
// token is drawn as the character it belongs to with the bytes it holds, read off the whole text:
// "猫¹⁄₃" (first of three), "猫²⁻³⁄₃" (second and third). Bytes that are part of no valid character are
// written in hex, "⟨e7 8c⟩", which is also how a piece shows where there is no text around it (a bar).
#pragma once
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace attn {

// One label per id, for a run of ids that are consecutive in a text.
std::vector<std::string> display_tokens(const Tokenizer& tok, const std::vector<int>& ids);

// The marker for bytes first..last (1-based) of an n-byte character: "¹⁄₃", "²⁻³⁄₃".
std::string byte_marker(int first, int last, int n);

}  // namespace attn
