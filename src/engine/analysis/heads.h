// Names what each attention head does on the current text, from its weights alone.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "run/trace.h"

namespace attn {

// NextToken and Special are encoder patterns (BERT): a decoder cannot look at t+1, and its text rarely holds a
// special token. Special: the head parks on [CLS]/[SEP] (Clark et al. 2019, "What does BERT look at?").
enum class HeadLabel { PreviousToken, FirstToken, Self, Broad, Induction, NextToken, Special, Mixed };

const char* head_label_name(HeadLabel label);  // "previous-token", "first-token", ..., "next-token", "[SEP]/[CLS]"

struct HeadPattern {
  int layer = 0, head = 0;
  HeadLabel label = HeadLabel::Mixed;
  float score = 0;  // the winning score, 0..1
  // Mean over queries t ≥ 1 of: weight on t-1, on token 0, on t itself; normalised entropy (1 = uniform);
  // and, for tokens seen before, weight on the token that followed the earlier occurrence (induction); weight on
  // t+1 (queries with one); weight on the special tokens the caller names.
  float previous = 0, first = 0, self = 0, broad = 0, induction = 0, next = 0, special = 0;
};

// Scores every head; a head is labelled by its highest score if that reaches `threshold`, else Mixed.
// is_special(id) marks the tokenizer's special tokens ([CLS], [SEP]); none when not given.
std::vector<HeadPattern> classify_heads(const Trace& trace, float threshold = 0.4f,
                                        const std::function<bool(int)>& is_special = nullptr);

}  // namespace attn
