// attn bench: prefill/decode speed, the full trace and the interpretability tools, timed on one thread.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "analysis/attribution.h"
#include "analysis/logit_lens.h"
#include "cli_output.h"
#include "commands.h"
#include "compute/kernels.h"
#include "run/ablation.h"
#include "run/forward.h"
#include "run/rng.h"

namespace attn::cli {

using nlohmann::json;

namespace {

// Peak resident memory of this process so far (file bytes + weights as stored + caches), in MB.
double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median milliseconds of what the page's interpretability views run on a text: an ablation re-run (one
// head knocked out, the whole text again), the logit lens of the trace, and one logit's attribution.
Expected<json> time_interpret_tools(const Model& model, const std::vector<int>& ids) {
  auto tr = trace_tokens(model, ids);
  if (!tr) return fail(tr.error());
  const Ablation ablation{{{model.config.n_layer / 2, 0}}, AblationMode::Zero};
  std::vector<double> ablate_ms, lens_ms, lens_column_ms, attribute_ms;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto r = trace_tokens(model, ids, ablation, &*tr); !r) return fail(r.error());
    ablate_ms.push_back(seconds_since(t0) * 1000);
    t0 = std::chrono::steady_clock::now();
    if (auto r = logit_lens(model, *tr, 5); !r) return fail(r.error());
    lens_ms.push_back(seconds_since(t0) * 1000);
    // What a click on a token waits for in the page: its own column (the app fills the rest frame by frame).
    t0 = std::chrono::steady_clock::now();
    if (auto r = logit_lens(model, *tr, 5, static_cast<int>(ids.size()) / 2, 1); !r) return fail(r.error());
    lens_column_ms.push_back(seconds_since(t0) * 1000);
    t0 = std::chrono::steady_clock::now();
    if (auto r = attribute_logit(model, *tr, ids.back()); !r) return fail(r.error());
    attribute_ms.push_back(seconds_since(t0) * 1000);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return json{{"ablate_ms_median", median(ablate_ms)}, {"lens_ms_median", median(lens_ms)},
              {"lens_column_ms_median", median(lens_column_ms)},
              {"attribute_ms_median", median(attribute_ms)}};
}

}  // namespace

Expected<int> cmd_bench(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "prompt-tokens", "decode-tokens", "weights", "prompt-ids", "trace-tokens",
                              "interpret-tokens"}, {});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("bench needs --model DIR");
  std::optional<WeightFormat> storage;
  if (auto w = a->get("weights")) {
    auto f = parse_weight_format(*w);
    if (!f) return fail(f.error());
    storage = *f;
  }
  const auto t_load = std::chrono::steady_clock::now();
  auto m = load_model_dir(*dir, storage);
  if (!m) return fail(m.error());
  const double load_s = seconds_since(t_load);
  const Config& c = m->model.config;

  std::vector<int> prompt;
  if (auto list = a->get("prompt-ids")) {  // the benchmark harness passes the same ids to every runtime
    std::stringstream in(*list);
    for (std::string item; std::getline(in, item, ',');) {
      char* end = nullptr;
      const long id = std::strtol(item.c_str(), &end, 10);
      if (item.empty() || *end || id < 0 || id >= c.vocab_size)
        return fail("--prompt-ids: '" + item + "' is not a token id below " + std::to_string(c.vocab_size));
      prompt.push_back(static_cast<int>(id));
    }
    if (prompt.empty() || static_cast<int>(prompt.size()) > c.n_ctx)
      return fail("--prompt-ids: give 1.." + std::to_string(c.n_ctx) + " ids");
  } else {
    auto n_prompt = a->get_int("prompt-tokens", std::min(128, c.n_ctx / 2), 1, c.n_ctx);
    if (!n_prompt) return fail(n_prompt.error());
    Rng rng(1234);  // speed does not depend on which tokens; fixed ids keep runs comparable
    prompt.resize(*n_prompt);
    for (int& id : prompt) id = static_cast<int>(rng.next_u32() % c.vocab_size);
  }
  const int n_prompt = static_cast<int>(prompt.size());
  auto n_decode = a->get_int("decode-tokens", std::min(128, c.n_ctx - n_prompt), 0, c.n_ctx - n_prompt);
  if (!n_decode) return fail(n_decode.error());
  auto n_trace = a->get_int("trace-tokens", 0, 0, n_prompt);
  if (!n_trace) return fail(n_trace.error());
  auto n_interpret = a->get_int("interpret-tokens", 0, 0, n_prompt);
  if (!n_interpret) return fail(n_interpret.error());

  auto made = KVCache::make(c);
  if (!made) return fail(made.error());
  KVCache& cache = *made;
  const auto t_prefill = std::chrono::steady_clock::now();
  if (auto r = forward_into(m->model, cache, prompt.data(), n_prompt); !r) return fail(r.error());
  const double prefill_s = seconds_since(t_prefill);
  const auto greedy = [&] {
    return static_cast<int>(std::max_element(cache.logits.data(), cache.logits.data() + cache.logits.size()) - cache.logits.data());
  };
  std::vector<int> generated{greedy()};
  const auto t_decode = std::chrono::steady_clock::now();
  for (int i = 0; i < *n_decode; ++i) {  // greedy, so other runtimes can be checked token for token
    if (auto r = forward_into(m->model, cache, &generated.back(), 1); !r) return fail(r.error());
    generated.push_back(greedy());
  }
  const double decode_s = seconds_since(t_decode);

  json out = {{"model", *dir},
              {"n_layer", c.n_layer},
              {"n_head", c.n_head},
              {"n_embd", c.n_embd},
              {"vocab_size", c.vocab_size},
              {"weights", weight_format_name(m->model.tok_embed.format())},
              {"weight_bytes", m->model.weight_bytes()},
              {"kernels", kernels_name()},
              {"load_seconds", load_s},
              {"prompt_tokens", n_prompt},
              {"prefill_tokens_per_second", n_prompt / prefill_s},
              {"decode_tokens", *n_decode},
              {"decode_tokens_per_second", *n_decode > 0 ? *n_decode / decode_s : 0.0},
              {"time_to_first_token_seconds", prefill_s},
              {"generated_ids", generated},
              {"peak_rss_mb", peak_rss_mb()}};
  if (*n_trace > 0) {  // the page's full trace (every layer and head) of the first n_trace prompt tokens
    const std::vector<int> ids(prompt.begin(), prompt.begin() + *n_trace);
    std::vector<double> ms;
    for (int i = 0; i < 7; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      if (auto tr = trace_tokens(m->model, ids); !tr) return fail(tr.error());
      ms.push_back(seconds_since(t0) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    out["trace_tokens"] = *n_trace;
    out["trace_ms_median"] = ms[ms.size() / 2];
  }
  if (*n_interpret > 0) {
    const std::vector<int> ids(prompt.begin(), prompt.begin() + *n_interpret);
    auto timings = time_interpret_tools(m->model, ids);
    if (!timings) return fail(timings.error());
    out["interpret_tokens"] = *n_interpret;
    out.update(*timings);
  }
  print_json(out);
  return 0;
}

}  // namespace attn::cli
