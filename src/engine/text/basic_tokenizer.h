// BERT's basic tokenizer, the step before WordPiece (Hugging Face's BasicTokenizer / BertNormalizer +
// BertPreTokenizer): drop NUL, U+FFFD and control characters; every whitespace becomes a space; CJK
// ideographs become words of their own; with lower_case, lower-case and strip accents (canonical
// decomposition, nonspacing marks dropped); then split on whitespace and make every punctuation character
// (ASCII symbols and Unicode P*) a word of its own. Tables: wordpiece_tables.inc (Unicode, Debian unicode-data).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace attn {

std::vector<std::string> bert_basic_tokenize(std::string_view text, bool lower_case);

}  // namespace attn
