#include "generate.h"

#include "forward.h"

namespace attn {

Expected<Generation> generate(const Model& model, const std::vector<int>& prompt, int n_new,
                              const SamplerSettings& settings, uint64_t seed) {
  KVCache cache(model.config);
  Rng rng(seed);
  Generation out;
  auto logits = forward(model, cache, prompt);
  if (!logits) return fail(logits.error());
  for (int i = 0; i < n_new; ++i) {
    const Distribution d = make_distribution(logits->data(), static_cast<int>(logits->size()), settings);
    const int id = draw(d, rng);
    for (const auto& c : d.sorted)
      if (c.id == id) {
        out.chosen_probs.push_back(c.prob);
        break;
      }
    out.ids.push_back(id);
    if (cache.length >= model.config.n_ctx) {
      out.hit_context = i + 1 < n_new;
      break;
    }
    if (i + 1 < n_new) {
      logits = forward(model, cache, {id});
      if (!logits) return fail(logits.error());
    }
  }
  return out;
}

}  // namespace attn
