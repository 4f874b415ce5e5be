// attn heads: the heads with the clearest patterns on a text, or --induction scores on it repeated twice.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "analysis/heads.h"
#include "analysis/induction.h"
#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"

namespace attn::cli {

using nlohmann::json;

namespace {

// heads --induction: every head's scores on the text repeated twice, best induction score first.
Expected<int> print_induction(const LoadedModel& m, const std::vector<int>& ids, int top, bool as_json) {
  int n = 0;
  auto scores = induction_scores(m.model, ids, &n);
  if (!scores) return fail(scores.error());
  std::stable_sort(scores->begin(), scores->end(), [](const auto& x, const auto& y) { return x.induction > y.induction; });
  if (as_json) {
    print_json({{"tokens", display_tokens(m.tokenizer, std::vector<int>(ids.begin(), ids.begin() + n))},
                {"repeated_tokens", 2 * n}, {"induction", induction_json(*scores)}});
    return 0;
  }
  std::cout << "Induction scores on the text repeated twice (" << 2 * n << " tokens):";
  for (int i = 0; i < std::min<int>(top, scores->size()); ++i)
    std::printf(" L%dH%d %.2f", (*scores)[i].layer, (*scores)[i].head, (*scores)[i].induction);
  std::cout << "\n";
  return 0;
}

}  // namespace

Expected<int> cmd_heads(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "top"}, {"json", "induction"});
  if (!a) return fail(a.error());
  auto top = a->get_int("top", 3, 1, 1000);
  if (!top) return fail(top.error());
  auto in = load_model_and_text(*a, "heads");  // the last n_ctx tokens, as the page keeps
  if (!in) return fail(in.error());
  const LoadedModel* m = &in->loaded;
  const std::vector<int>& ids = in->ids;
  const std::string text = a->get("text").value_or("");
  if (a->has("induction")) return print_induction(*m, ids, *top, a->has("json"));
  auto tr = trace_tokens(m->model, ids);
  if (!tr) return fail(tr.error());
  auto heads = classify_heads(*tr, 0.4f, [&](int id) { return m->tokenizer.is_special(id); });
  // For each pattern, the heads that score highest on it, whatever their final label.
  const std::pair<const char*, float HeadPattern::*> patterns[] = {{"previous-token", &HeadPattern::previous},
                                                                    {"first-token", &HeadPattern::first},
                                                                    {"self", &HeadPattern::self},
                                                                    {"broad", &HeadPattern::broad},
                                                                    {"induction", &HeadPattern::induction},
                                                                    {"next-token", &HeadPattern::next},
                                                                    {"[SEP]/[CLS]", &HeadPattern::special}};
  json out = json::object();
  for (const auto& pattern : patterns) {
    const char* name = pattern.first;
    const auto score = pattern.second;  // a plain variable: lambdas may not capture structured bindings (C++17)
    std::vector<HeadPattern> sorted = heads;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& x, const auto& y) { return x.*score > y.*score; });
    json best = json::array();
    for (int i = 0; i < std::min<int>(*top, sorted.size()); ++i)
      best.push_back({{"layer", sorted[i].layer}, {"head", sorted[i].head}, {"score", sorted[i].*score},
                      {"label", head_label_name(sorted[i].label)}});
    out[name] = best;
  }
  if (a->has("json")) {
    print_json({{"tokens", display_tokens(m->tokenizer, ids)}, {"patterns", out}});
    return 0;
  }
  std::cout << "Clearest heads on: " << text << " (" << ids.size() << " tokens)\n";
  for (const auto& [name, score] : patterns) {
    std::cout << "  " << name << ":";
    for (const auto& h : out[name])
      std::printf(" L%dH%d %.2f", h["layer"].get<int>(), h["head"].get<int>(), h["score"].get<double>());
    std::cout << "\n";
  }
  return 0;
}

}  // namespace attn::cli
