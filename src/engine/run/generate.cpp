#include "run/generate.h"

#include "run/forward.h"

namespace attn {

Expected<Generation> generate(const Model& model, const std::vector<int>& prompt, int n_new,
                              const SamplerSettings& settings, uint64_t seed) {
  auto made = KVCache::make(model.config);
  if (!made) return fail(made.error());
  KVCache& cache = *made;
  Rng rng(seed);
  Generation out;
  if (auto r = forward_into(model, cache, prompt.data(), static_cast<int>(prompt.size())); !r) return fail(r.error());
  const RowVector& logits = cache.logits;
  for (int i = 0; i < n_new; ++i) {
    const Distribution d = make_distribution(logits.data(), static_cast<int>(logits.size()), settings);
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
      if (auto r = forward_into(model, cache, &id, 1); !r) return fail(r.error());
    }
  }
  return out;
}

}  // namespace attn
