// The attention-flow view's data: which lines to draw between query and key tokens, and the one-line
// reading of a token's attention. GL-free, tested natively.
#pragma once
#include <string>
#include <vector>

#include "run/trace.h"

namespace attn::app {

struct FlowEdge {
  int query, key, head;
  float weight;
};

// Lines of `layer` for the given heads with weight ≥ threshold. focus ≥ 0 keeps only that token's
// outgoing lines (incoming ones with `incoming`). Masked (future) pairs never appear.
std::vector<FlowEdge> flow_edges(const Trace& trace, int layer, const std::vector<int>& heads, float threshold,
                                 int focus, bool incoming);

// "\"it\" pays the most attention to \"␣animal\" (45.6%) and the least to \"␣because\" (0.2%)".
std::string flow_sentence(const Trace& trace, const std::vector<std::string>& tokens, int layer, int head, int query);

}  // namespace attn::app
