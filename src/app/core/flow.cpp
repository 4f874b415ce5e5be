#include "core/flow.h"

#include "core/i18n.h"

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
  if (q == 0) return trf("flow.first_token", {{"token", tokens[0]}, {"pct", percent(1.0)}});
  return trf("flow.most_least", {{"token", tokens[q]}, {"most", tokens[most]}, {"most_pct", percent(tr.weight(layer, head, q, most))},
                                 {"least", tokens[least]}, {"least_pct", percent(tr.weight(layer, head, q, least))}});
}

}  // namespace attn::app
