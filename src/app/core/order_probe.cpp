#include "core/order_probe.h"

#include "analysis/probes.h"

namespace attn::app {

const OrderProbe& OrderProbeCache::get(const Model& m, const Tokenizer& tok, const std::string& text, bool positions, bool mask) {
  if (model_ == &m && text_ == text && positions_ == positions && mask_ == mask) return probe_;
  model_ = &m;
  text_ = text;
  positions_ = positions;
  mask_ = mask;
  probe_ = OrderProbe{};
  probe_.ids = tok.encode(text);
  for (int id : probe_.ids) probe_.tokens.push_back(tok.display(id));
  if (auto w = first_layer_attention(m, probe_.ids, positions, mask)) probe_.weights = w.take();
  return probe_;
}

}  // namespace attn::app
