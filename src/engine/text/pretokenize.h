// GPT-2's pre-tokenizer: splits text into the pieces that BPE then works on, exactly as OpenAI's pattern
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// Bytes that are not valid UTF-8 count as "other" characters, so any byte string splits losslessly.
#pragma once
#include <string_view>
#include <vector>

namespace attn {

struct Piece {
  size_t begin, size;  // byte range in the text
};

std::vector<Piece> pretokenize(std::string_view text);
// Every Unicode digit (\p{N}) its own piece first, then GPT-2's pattern on the text between them.
std::vector<Piece> pretokenize_digits_then_gpt2(std::string_view text);

}  // namespace attn
