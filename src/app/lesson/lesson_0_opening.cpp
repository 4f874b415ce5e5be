// The opening: "what does 'it' refer to?" answered live by the loaded model's clearest head from "it".
#include <imgui.h>

#include "core/app.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonOpening(App& app) {
  const Trace& tr = app.session.trace();
  const auto& tokens = app.session.tokens();
  const PronounAnswer a = answer_it(tr, tokens, app.session.selected(app.state));
  if (a.query < 0) return;
  const HeadChoice& c = a.head;
  ImGui::PushTextWrapPos(0);
  if (a.found_it)
    ImGui::Text("Asked on your text: of all %d x %d heads, layer %d head %d looks most sharply from \"%s\"; it puts "
                "%s of its attention on \"%s\".", tr.n_layer, tr.n_head, c.layer, c.head, tokens[a.query].c_str(),
                percent(c.top_weight).c_str(), tokens[c.top_key].c_str());
  else
    ImGui::Text("Your text has no \"it\"; from the selected token \"%s\", layer %d head %d looks most sharply, with %s "
                "on \"%s\". Try the first example sentence to ask about \"it\".", tokens[a.query].c_str(), c.layer,
                c.head, percent(c.top_weight).c_str(), tokens[c.top_key].c_str());
  ImGui::TextDisabled("A small model may not get the answer right; real GPT-2 usually points \"it\" at its noun.");
  ImGui::PopTextWrapPos();
  // That head's weights from the query, on the tokens themselves.
  std::vector<float> weights(tokens.size(), 0.0f);
  for (int k = 0; k < tr.keys(a.query); ++k) weights[k] = tr.weight(c.layer, c.head, a.query, k);
  const int clicked = TokenChips("opening", tokens, app.session.ids(), a.query, &weights);
  if (clicked >= 0) app_select_token(app, clicked);
}

}  // namespace attn::app
