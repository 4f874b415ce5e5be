// What a screen reader hears (the page's aria-live summary), and the one-line reading of a knock-out.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/app.h"

namespace attn::app {

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
  std::string heads;
  for (const HeadRef& h : s.ablation().heads)
    heads += (heads.empty() ? "" : ", ") + std::string("L") + std::to_string(h.layer) + "H" + std::to_string(h.head);
  char buf[96];
  std::snprintf(buf, sizeof buf, " from %.1f%% to %.1f%%.", 100 * prob_of(before, best), 100 * prob_of(after, best));
  std::string out = "Without " + heads + (s.ablation().mode == AblationMode::Mean ? " (mean)" : "") + ", \"" +
                    s.model().tokenizer.display(best) + "\" " + (change >= 0 ? "rises" : "drops") + buf;
  if (!before.sorted.empty() && !after.sorted.empty() && before.sorted[0].id != after.sorted[0].id)
    out += " The likeliest next token changes from \"" + s.model().tokenizer.display(before.sorted[0].id) + "\" to \"" +
           s.model().tokenizer.display(after.sorted[0].id) + "\".";
  return out;
}

// What the interpretability views add to the spoken summary.
static std::string interpret_summary(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  const Tokenizer& tok = s.model().tokenizer;
  std::string out;
  if (s.ablating()) out += " " + knockout_reading(app);
  char buf[96];
  if (st.view == View::Lens && !s.lens(s.selected(st)).cells.empty()) {
    const int q = s.selected(st);
    const LogitLens& lens = s.lens(q);
    out += " Logit lens at \"" + s.tokens()[q] + "\": the top guess";
    for (int l = 0; l < lens.n_boundaries; ++l) {
      const TokenProb& p = lens.at(l, q).top[0];
      std::snprintf(buf, sizeof buf, " %.0f%%", 100 * p.prob);
      out += std::string(l ? "," : "") + (l == 0 ? " from the embeddings is \"" : l == lens.n_boundaries - 1 ? " at the output \"" : " after layer " + std::to_string(l - 1) + " \"") +
             tok.display(p.id) + "\"" + buf;
    }
    out += ".";
  }
  if (st.view == View::Heads && !s.induction().empty()) {
    const auto& scores = s.induction();
    const auto best = std::max_element(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.induction < b.induction; });
    std::snprintf(buf, sizeof buf, " On the text repeated twice, the strongest induction head is layer %d head %d (%.0f%%).",
                  best->layer, best->head, 100 * best->induction);
    out += buf;
  }
  if (st.view == View::Attribution) {
    const Attribution& a = s.attribution(st.attr_token, st.attr_versus);
    std::vector<const LogitPart*> parts;
    for (const LogitPart& p : a.parts) parts.push_back(&p);
    std::stable_sort(parts.begin(), parts.end(), [](auto* x, auto* y) { return std::abs(x->value) > std::abs(y->value); });
    out += " Largest parts of the logit of \"" + tok.display(a.token) + "\":";
    for (size_t i = 0; i < parts.size() && i < 3; ++i) {
      const LogitPart& p = *parts[i];
      const std::string name = p.kind == PartKind::Head ? "layer " + std::to_string(p.layer) + " head " + std::to_string(p.head)
                               : p.kind == PartKind::Mlp ? "MLP " + std::to_string(p.layer) : part_kind_name(p.kind);
      std::snprintf(buf, sizeof buf, " %+.2f", p.value);
      out += (i ? "," : "") + std::string(" ") + name + buf;
    }
    out += ".";
  }
  return out;
}

std::string app_summary_text(const App& app) {
  const Session& s = app.session;
  const AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0) return app.status.load_error.empty() ? "Loading the explainer." : "Error: " + app.status.load_error;
  std::string out;
  if (st.view == View::Lesson && st.step < static_cast<int>(app.lesson.steps.size())) {
    const auto& step = app.lesson.steps[st.step];
    out += "Lesson " + step.title + ". " + step.paragraphs.front() + " ";
  } else {
    out += std::string(view_title(st.view)) + ". ";
  }
  const int q = s.selected(st);
  const Trace& tr = s.trace();
  std::vector<int> keys(tr.keys(q));
  for (int k = 0; k < tr.keys(q); ++k) keys[k] = k;
  std::stable_sort(keys.begin(), keys.end(), [&](int a, int b) { return tr.weight(st.layer, st.head, q, a) > tr.weight(st.layer, st.head, q, b); });
  char buf[64];
  out += "Selected token " + std::to_string(q + 1) + " of " + std::to_string(tr.n_tokens) + ", \"" + s.tokens()[q] + "\". In layer " +
         std::to_string(st.layer) + ", head " + std::to_string(st.head) + " it attends most to";
  for (size_t i = 0; i < keys.size() && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * tr.weight(st.layer, st.head, q, keys[i]));
    out += (i ? "," : "") + std::string(" \"") + s.tokens()[keys[i]] + "\"" + buf;
  }
  out += ".";
  out += interpret_summary(app);
  out += " Likeliest next tokens:";
  for (int i = 0; i < s.next().kept && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, " %.1f%%", 100 * s.next().sorted[i].sample_prob);
    out += (i ? "," : "") + std::string(" \"") + s.model().tokenizer.display(s.next().sorted[i].id) + "\"" + buf;
  }
  return out + ".";
}

}  // namespace attn::app
