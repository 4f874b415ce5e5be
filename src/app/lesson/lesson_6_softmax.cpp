// Step 6: the weights as percentages summing to 100%, and the full heatmap with the selected row outlined.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/field_controls.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonSoftmax(App& app) {
  const Trace& trace = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state);
  std::vector<float> w = trace.weight_row(l, h, q);
  w.resize(trace.keys(q));
  std::vector<std::string> toks(app.session.tokens().begin(), app.session.tokens().begin() + q + 1);
  std::vector<int> ids(app.session.ids().begin(), app.session.ids().begin() + q + 1);
  double sum = 0;
  for (float v : w) sum += v;
  ImGui::TextUnformatted(
      trf("lesson.softmax.spread", {{"sum", percent(static_cast<float>(sum))}, {"token", app.session.tokens()[q]}}).c_str());
  TokenChips("weights", toks, ids, -1, &w);
  std::string row;
  for (size_t k = 0; k < w.size() && k < 12; ++k) row += (k ? "  " : "") + toks[k] + " " + percent(w[k]);
  ImGui::TextWrapped("%s%s", row.c_str(), w.size() > 12 ? "  ..." : "");
  FieldCheckbox(app, label("lesson.softmax.show_lines", "lesson-lines"), &AppState::lesson_lines);
  if (app.state.lesson_lines) {
    DrawFlow(app, 24 * em());
    return;
  }
  DrawHeadHeatmap(app, "lesson-heatmap", std::min(ImGui::GetContentRegionAvail().x, 30 * em()));
}

}  // namespace attn::app
