// Names what each attention head does on the current text, from its weights alone.
#pragma once
#include <string>
#include <vector>

#include "run/trace.h"

namespace attn {

enum class HeadLabel { PreviousToken, FirstToken, Self, Broad, Induction, Mixed };

const char* head_label_name(HeadLabel label);  // "previous-token", "first-token", ...

struct HeadPattern {
  int layer = 0, head = 0;
  HeadLabel label = HeadLabel::Mixed;
  float score = 0;  // the winning score, 0..1
  // Mean over queries t ≥ 1 of: weight on t-1, on token 0, on t itself; normalised entropy (1 = uniform);
  // and, for tokens seen before, weight on the token that followed the earlier occurrence (induction).
  float previous = 0, first = 0, self = 0, broad = 0, induction = 0;
};

// Scores every head; a head is labelled by its highest score if that reaches `threshold`, else Mixed.
std::vector<HeadPattern> classify_heads(const Trace& trace, float threshold = 0.4f);

}  // namespace attn
