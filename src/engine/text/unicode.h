// UTF-8 decoding and the Unicode classes GPT-2's pre-tokenizer needs (\p{L}, \p{N}, \s).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace attn {

// Marks a byte that does not start a valid UTF-8 sequence; it is decoded alone, as one "character".
constexpr uint32_t kInvalidByte = 0xFFFFFFFFu;

enum class CharClass : uint8_t { Letter, Number, Space, Other };

// Decodes the character starting at s[i]; returns its length in bytes (1 for an invalid byte).
size_t decode_utf8(std::string_view s, size_t i, uint32_t* code_point);

// Whether s is valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// The class of a code point; invalid bytes are Other.
CharClass char_class(uint32_t code_point);

// Appends the UTF-8 encoding of a code point (must be a valid scalar value).
void append_utf8(std::string& out, uint32_t code_point);

}  // namespace attn
