// Which head or layer to show a reader first, from a trace's weights alone: the head that looks most sharply
// from a query, the layer whose heads differ most; and a query's row as an unmasked head would weigh it.
#pragma once
#include <vector>

#include "run/trace.h"

namespace attn {

struct HeadChoice {
  int layer = 0, head = 0;
  float entropy_bits = 0;  // of the query's attention row
  int top_key = 0;         // where that row puts the most weight
  float top_weight = 0;
};

// The head whose attention from `query` is most concentrated (lowest entropy), among heads that do not
// simply park it on the first token (weight on token 0 below one half); all heads if every one does.
HeadChoice clearest_head(const Trace& trace, int query);

// The layer whose heads' patterns differ most: the mean over queries and head pairs of the total variation
// distance between their attention rows.
int most_varied_layer(const Trace& trace);

// Softmax of a query's scores, scaled by 1/√d_k or not, over the keys it may see (masked) or over every key.
std::vector<float> row_softmax(const Trace& trace, int layer, int head, int query, bool scaled, bool masked = true);

// Softmax of the query's scaled scores over every key, the future ones too: the arithmetic of an
// unmasked (encoder-style) head on the same scores. GPT-2 was trained with the mask, so this shows the
// arithmetic, not what a trained encoder would do. (T)
std::vector<float> unmasked_row(const Trace& trace, int layer, int head, int query);

}  // namespace attn
