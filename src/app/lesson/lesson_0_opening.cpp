// The opening: "what does 'it' refer to?" answered live by the loaded model's clearest head from "it".
#include <imgui.h>

#include "core/app.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonOpening(App& app) {
  const Trace& trace = app.session.trace();
  const auto& tokens = app.session.tokens();
  std::vector<std::string> pieces;  // each token's bytes: the pronoun may be cut into several («ella», 它)
  for (int id : app.session.ids()) pieces.push_back(app.session.model().tokenizer.decode({id}));
  const PronounAnswer a = answer_it(trace, pieces, app.session.selected(app.state), tr("text.pronouns"));
  if (a.query < 0) return;
  const HeadChoice& c = a.head;
  ImGui::PushTextWrapPos(0);
  if (a.found_it)
    ImGui::TextUnformatted(trf("lesson.opening.reading_it",
                               {{"layers", std::to_string(trace.n_layer)}, {"heads", std::to_string(trace.n_head)},
                                {"layer", std::to_string(c.layer)}, {"head", std::to_string(c.head)},
                                {"pct", percent(c.top_weight)}, {"token", tokens[a.query]}, {"key", tokens[c.top_key]}})
                               .c_str());
  else
    ImGui::TextUnformatted(trf("lesson.opening.reading_no_it",
                               {{"layer", std::to_string(c.layer)}, {"head", std::to_string(c.head)},
                                {"pct", percent(c.top_weight)}, {"token", tokens[a.query]}, {"key", tokens[c.top_key]}})
                               .c_str());
  ImGui::TextDisabled("%s", tr("lesson.opening.caveat"));
  ImGui::PopTextWrapPos();
  // That head's weights from the query, on the tokens themselves.
  std::vector<float> weights(tokens.size(), 0.0f);
  for (int k = 0; k < trace.keys(a.query); ++k) weights[k] = trace.weight(c.layer, c.head, a.query, k);
  const int clicked = TokenChips("opening", tokens, app.session.ids(), a.query, &weights);
  if (clicked >= 0) app_select_token(app, clicked);
}

}  // namespace attn::app
