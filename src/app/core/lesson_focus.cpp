#include "core/lesson_focus.h"

#include "core/pronoun.h"

#include <algorithm>

#include "core/app.h"
#include "core/i18n.h"

namespace attn::app {

PronounAnswer answer_it(const Trace& tr, const std::vector<std::string>& pieces, int selected, const std::string& pronouns) {
  PronounAnswer a;
  if (tr.n_tokens == 0) return a;
  const int found = find_pronoun(pieces, pronouns);
  a.found_it = found >= 0 && found < tr.n_tokens;
  a.query = a.found_it ? found : std::clamp(selected, 0, tr.n_tokens - 1);
  a.head = clearest_head(tr, a.query);
  return a;
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
    set_layer_head(s, app.session.model().model.config, f.head.layer, f.head.head);
  } else if (id == "heads_and_mask") {
    set_layer_head(s, app.session.model().model.config, f.layer, s.head);
  }
}

}  // namespace attn::app
