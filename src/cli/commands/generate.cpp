// attn generate: continue a prompt with the sampler (seeded), as text or JSON.
#include <iostream>

#include "cli_output.h"
#include "commands.h"
#include "run/generate.h"

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_generate(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "prompt", "tokens", "temperature", "top-k", "top-p", "seed"}, {"json", "stdin"});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("generate needs --model DIR");
  auto prompt = read_text(*a, "prompt");
  if (!prompt) return fail(prompt.error());
  auto n = a->get_int("tokens", 20, 0, 100000);
  auto temperature = a->get_double("temperature", 1.0, 0.0, 100.0);
  auto top_k = a->get_int("top-k", 0, 0, 1 << 30);
  auto top_p = a->get_double("top-p", 1.0, 0.0, 1.0);
  auto seed = a->get_double("seed", 0, 0, 9007199254740992.0);
  for (auto* e : {&n, &top_k}) if (!*e) return fail(e->error());
  for (auto* e : {&temperature, &top_p, &seed}) if (!*e) return fail(e->error());

  auto m = load_model_dir(*dir);
  if (!m) return fail(m.error());
  const auto prompt_ids = m->tokenizer.encode(*prompt);
  if (prompt_ids.empty()) return fail("the prompt is empty: give at least one token of text");
  if (static_cast<int>(prompt_ids.size()) > m->model.config.n_ctx)
    return fail("the prompt has " + std::to_string(prompt_ids.size()) + " tokens; the model's context is " +
                std::to_string(m->model.config.n_ctx));
  const SamplerSettings s{static_cast<float>(*temperature), *top_k, static_cast<float>(*top_p)};
  auto g = generate(m->model, prompt_ids, *n, s, static_cast<uint64_t>(*seed));
  if (!g) return fail(g.error());
  const std::string continuation = m->tokenizer.decode(g->ids);
  if (a->has("json")) {
    print_json({{"prompt_ids", prompt_ids},
                {"ids", g->ids},
                {"tokens", display_tokens(m->tokenizer, g->ids)},
                {"probs", g->chosen_probs},
                {"text", continuation},
                {"stopped_at_context", g->hit_context}});
  } else {
    std::cout << *prompt << continuation << "\n";
    if (g->hit_context) std::cerr << "note: stopped at the model's context of " << m->model.config.n_ctx << " tokens\n";
  }
  return 0;
}

}  // namespace attn::cli
