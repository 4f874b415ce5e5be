#include "core/lesson_focus.h"

#include "core/pronoun.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compute/kernels.h"
#include "compute/ops.h"
#include "core/app.h"
#include "core/i18n.h"

namespace attn::app {

HeadChoice clearest_head(const Trace& tr, int q) {
  HeadChoice best;
  bool have = false, have_focused = false;
  for (int l = 0; l < tr.n_layer; ++l)
    for (int h = 0; h < tr.n_head; ++h) {
      const std::vector<float> row = tr.weight_row(l, h, q);
      const float* w = row.data();
      const double entropy = entropy_bits(w, tr.keys(q));
      const int top = static_cast<int>(std::max_element(w, w + tr.keys(q)) - w);
      const bool focused = q == 0 || w[0] < 0.5f;  // not simply parked on the first token
      const HeadChoice c{l, h, static_cast<float>(entropy), top, w[top]};
      // A focused head always beats a first-token one; then the lowest entropy wins (first found on ties).
      if (!have || (focused && !have_focused) || (focused == have_focused && c.entropy_bits < best.entropy_bits)) {
        best = c;
        have = true;
        have_focused = focused;
      }
    }
  return best;
}

int most_varied_layer(const Trace& tr) {
  int best = 0;
  double best_score = -1;
  for (int l = 0; l < tr.n_layer; ++l) {
    double total = 0;
    int count = 0;
    for (int q = 1; q < tr.n_tokens; ++q)
      for (int a = 0; a < tr.n_head; ++a)
        for (int b = a + 1; b < tr.n_head; ++b, ++count) {
          const std::vector<float> wa = tr.weight_row(l, a, q), wb = tr.weight_row(l, b, q);
          double tv = 0;
          for (int k = 0; k < tr.keys(q); ++k) tv += std::abs(wa[k] - wb[k]);
          total += tv / 2;
        }
    const double score = count ? total / count : 0;
    if (score > best_score) best_score = score, best = l;
  }
  return best;
}

PronounAnswer answer_it(const Trace& tr, const std::vector<std::string>& pieces, int selected, const std::string& pronouns) {
  PronounAnswer a;
  if (tr.n_tokens == 0) return a;
  const int found = find_pronoun(pieces, pronouns);
  a.found_it = found >= 0 && found < tr.n_tokens;
  a.query = a.found_it ? found : std::clamp(selected, 0, tr.n_tokens - 1);
  a.head = clearest_head(tr, a.query);
  return a;
}

std::vector<float> unmasked_row(const Trace& tr, int l, int h, int q) {
  std::vector<float> p = tr.score_row(l, h, q, /*scaled=*/true);
  softmax(p.data(), tr.n_tokens);
  return p;
}

std::string encoder_reading(const Trace& trace, const std::vector<std::string>& tokens, int l, int h, int q) {
  const std::vector<float> open = unmasked_row(trace, l, h, q);
  double future = 0;
  for (int k = q + 1; k < trace.n_tokens; ++k) future += open[k];
  const int after = trace.n_tokens - 1 - q;
  if (after == 0) return trn("focus.last_token", q + 1, {{"token", tokens[q]}});
  return trf("focus.mask_reading", {{"seen", trn("focus.over_tokens", q + 1)},
                                    {"after", trn("focus.tokens_after", after)},
                                    {"pct", percent(future)},
                                    {"token", tokens[q]}});
}

bool step_follows_clearest_head(const std::string& id) {
  return id == "scores" || id == "scaling" || id == "softmax" || id == "weighted_sum";
}

const LessonFocus& lesson_focus(App& app) {
  const int q = app.session.selected(app.state);
  LessonFocus& f = app.focus;
  if (f.generation != app.session.generation() || f.query != q) {
    const Trace& tr = app.session.trace();
    f = LessonFocus{app.session.generation(), q, tr.n_tokens ? clearest_head(tr, q) : HeadChoice{},
                    tr.n_tokens ? most_varied_layer(tr) : 0};
  }
  return f;
}

void follow_lesson_focus(App& app) {
  AppState& s = app.state;
  const Trace& tr = app.session.trace();
  if (s.view != View::Lesson || s.head_by_hand || tr.n_tokens == 0 || s.step >= static_cast<int>(app.lesson.steps.size()))
    return;
  const std::string& id = app.lesson.steps[s.step].id;
  const LessonFocus& f = lesson_focus(app);
  if (step_follows_clearest_head(id)) {
    s.layer = f.head.layer;
    s.head = f.head.head;
  } else if (id == "heads_and_mask") {
    s.layer = f.layer;
  }
}

}  // namespace attn::app
