// What a screen reader hears (the page's aria-live summary), and the one-line reading of a knock-out.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/app.h"
#include "core/i18n.h"

namespace attn::app {
namespace {

// "+1.23" / "−0.50" as printf's "%+.2f", in the language's decimal convention.
std::string signed_number(float v) { return (std::signbit(v) ? "" : "+") + number(v, 2); }

// Items joined with the language's list separator (", " / "，").
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? tr("summary.list_separator") : "") + items[i];
  return out;
}

}  // namespace

std::string knockout_reading(const App& app) {
  const Session& s = app.session;
  if (!s.ablating()) return "";
  const Distribution& before = s.clean_next();
  const Distribution& after = s.next();
  const auto prob_of = [](const Distribution& d, int id) { return d.of(id).prob; };
  // The token whose probability moved most among the likeliest before or after.
  int best = -1;
  float change = 0;
  for (const Distribution* d : {&before, &after})
    for (int i = 0; i < std::min(d->kept, 10); ++i) {
      const int id = d->sorted[i].id;
      const float delta = prob_of(after, id) - prob_of(before, id);
      if (best < 0 || std::abs(delta) > std::abs(change)) best = id, change = delta;
    }
  std::vector<std::string> names;
  for (const HeadRef& h : s.ablation().heads) names.push_back("L" + std::to_string(h.layer) + "H" + std::to_string(h.head));
  std::string heads = join(names);
  if (s.ablation().mode == AblationMode::Mean) heads = trf("summary.heads_mean", {{"heads", heads}});
  const Args args = {{"heads", heads},
                     {"token", s.model().tokenizer.display(best)},
                     {"before", percent(prob_of(before, best))},
                     {"after", percent(prob_of(after, best))}};
  std::string out = change >= 0 ? trf("summary.knockout_rises", args) : trf("summary.knockout_drops", args);
  if (!before.sorted.empty() && !after.sorted.empty() && before.sorted[0].id != after.sorted[0].id)
    out += " " + trf("summary.top_changes", {{"before", s.model().tokenizer.display(before.sorted[0].id)},
                                             {"after", s.model().tokenizer.display(after.sorted[0].id)}});
  return out;
}

// What the interpretability views add to the spoken summary.
static std::string interpret_summary(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  const Tokenizer& tok = s.model().tokenizer;
  std::string out;
  if (s.ablating()) out += " " + knockout_reading(app);
  if (st.view == View::Lens && !s.lens(s.selected(st)).cells.empty()) {
    const int q = s.selected(st);
    const LogitLens& lens = s.lens(q);
    std::vector<std::string> guesses;
    for (int l = 0; l < lens.n_boundaries; ++l) {
      const TokenProb& p = lens.at(l, q).top[0];
      const std::string token = tok.display(p.id), pct = percent(p.prob, 0);
      guesses.push_back(l == 0                     ? trf("summary.lens_embeddings", {{"token", token}, {"pct", pct}})
                        : l == lens.n_boundaries - 1 ? trf("summary.lens_output", {{"token", token}, {"pct", pct}})
                                                     : trf("summary.lens_layer", {{"layer", std::to_string(l - 1)}, {"token", token}, {"pct", pct}}));
    }
    out += " " + trf("summary.lens", {{"token", s.tokens()[q]}, {"guesses", join(guesses)}});
  }
  if (st.view == View::Heads && !s.induction().empty()) {
    const auto& scores = s.induction();
    const auto best = std::max_element(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.induction < b.induction; });
    out += " " + trf("summary.induction", {{"layer", std::to_string(best->layer)},
                                           {"head", std::to_string(best->head)},
                                           {"pct", percent(best->induction, 0)}});
  }
  if (st.view == View::Attribution) {
    const Attribution& a = s.attribution(st.attr_token, st.attr_versus);
    std::vector<const LogitPart*> parts;
    for (const LogitPart& p : a.parts) parts.push_back(&p);
    std::stable_sort(parts.begin(), parts.end(), [](auto* x, auto* y) { return std::abs(x->value) > std::abs(y->value); });
    std::vector<std::string> items;
    for (size_t i = 0; i < parts.size() && i < 3; ++i) {
      const LogitPart& p = *parts[i];
      std::string name;
      switch (p.kind) {
        case PartKind::Head:
          name = trf("summary.part_head", {{"layer", std::to_string(p.layer)}, {"head", std::to_string(p.head)}});
          break;
        case PartKind::Mlp: name = "MLP " + std::to_string(p.layer); break;
        case PartKind::Embed: name = tr("summary.part_embed"); break;
        case PartKind::AttnBias: name = tr("summary.part_attn_bias"); break;
        case PartKind::LnFBias: name = tr("summary.part_ln_f_bias"); break;
      }
      items.push_back(name + " " + signed_number(p.value));
    }
    out += " " + trf("summary.attribution", {{"token", tok.display(a.token)}, {"parts", join(items)}});
  }
  return out;
}

std::string app_summary_text(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0)
    return app.status.load_error.empty() ? std::string(tr("summary.loading")) : trf("summary.error", {{"error", app.status.load_error}});
  std::string out;
  if (st.view == View::Lesson && st.step < static_cast<int>(app.lesson.steps.size())) {
    const auto& step = app.lesson.steps[st.step];
    out += trf("summary.lesson", {{"title", step.title}, {"text", step.paragraphs.front()}}) + " ";
  } else {
    out += trf("summary.view", {{"view", view_title(st.view)}}) + " ";
  }
  const int q = s.selected(st);
  const Trace& trace = s.trace();
  std::vector<int> keys(trace.keys(q));
  for (int k = 0; k < trace.keys(q); ++k) keys[k] = k;
  std::stable_sort(keys.begin(), keys.end(),
                   [&](int a, int b) { return trace.weight(st.layer, st.head, q, a) > trace.weight(st.layer, st.head, q, b); });
  std::vector<std::string> attended;
  for (size_t i = 0; i < keys.size() && i < 3; ++i)
    attended.push_back(trf("summary.token_pct", {{"token", s.tokens()[keys[i]]},
                                                 {"pct", percent(trace.weight(st.layer, st.head, q, keys[i]))}}));
  out += trf("summary.selected", {{"index", std::to_string(q + 1)},
                                  {"count", std::to_string(trace.n_tokens)},
                                  {"token", s.tokens()[q]},
                                  {"layer", std::to_string(st.layer)},
                                  {"head", std::to_string(st.head)},
                                  {"keys", join(attended)}});
  out += interpret_summary(app);
  std::vector<std::string> likeliest;
  for (int i = 0; i < s.next().kept && i < 3; ++i)
    likeliest.push_back(trf("summary.token_pct", {{"token", s.model().tokenizer.display(s.next().sorted[i].id)},
                                                  {"pct", percent(s.next().sorted[i].sample_prob)}}));
  return out + " " + trf("summary.next", {{"tokens", join(likeliest)}});
}

}  // namespace attn::app
