#include "core/flow.h"

#include <cstdio>

namespace attn::app {

std::vector<FlowEdge> flow_edges(const Trace& tr, int layer, const std::vector<int>& heads, float threshold, int focus,
                                 bool incoming) {
  std::vector<FlowEdge> out;
  if (layer < 0 || layer >= tr.n_layer) return out;
  for (int h : heads) {
    if (h < 0 || h >= tr.n_head) continue;
    for (int q = 0; q < tr.n_tokens; ++q)
      for (int k = 0; k < tr.keys(q); ++k) {  // a decoder's k > q is masked: never a line
        if (focus >= 0 && (incoming ? k : q) != focus) continue;
        const float w = tr.weight(layer, h, q, k);
        if (w >= threshold) out.push_back({q, k, h, w});
      }
  }
  return out;
}

std::string flow_sentence(const Trace& tr, const std::vector<std::string>& tokens, int layer, int head, int q) {
  if (q < 0 || q >= tr.n_tokens || layer < 0 || layer >= tr.n_layer || head < 0 || head >= tr.n_head) return "";
  int most = 0, least = 0;
  for (int k = 1; k < tr.keys(q); ++k) {
    if (tr.weight(layer, head, q, k) > tr.weight(layer, head, q, most)) most = k;
    if (tr.weight(layer, head, q, k) < tr.weight(layer, head, q, least)) least = k;
  }
  char buf[512];
  if (q == 0) {
    std::snprintf(buf, sizeof buf, "\"%s\" is the first token: it can only attend to itself (100.0%%)", tokens[0].c_str());
  } else {
    std::snprintf(buf, sizeof buf, "\"%s\" pays the most attention to \"%s\" (%.1f%%) and the least to \"%s\" (%.1f%%)",
                  tokens[q].c_str(), tokens[most].c_str(), 100 * tr.weight(layer, head, q, most), tokens[least].c_str(),
                  100 * tr.weight(layer, head, q, least));
  }
  return buf;
}

}  // namespace attn::app
