// Step 5: the scores divided by √d_k, and what softmax does without the scaling (entropy both ways).
#include <cmath>
#include <imgui.h>

#include "panels/panels.h"
#include "ui/field_controls.h"
#include "ui/widgets.h"

namespace attn::app {

void SignedBars(const App& app, const std::vector<float>& values, bool as_percent);  // lesson_4_scores.cpp

void LessonScaling(App& app) {
  const Trace& trace = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state);
  ImGui::TextUnformatted(trf("lesson.scaling.divided_by", {{"d_k", std::to_string(trace.head_size)},
                                                          {"root", number(std::sqrt(float(trace.head_size)), 2)}})
                             .c_str());
  FieldCheckbox(app, label("lesson.scaling.divide", "divide"), &AppState::scaled);
  const std::vector<float> with = row_softmax(trace, l, h, q, true), without = row_softmax(trace, l, h, q, false);
  const std::vector<float>& shown = app.state.scaled ? with : without;
  ImGui::TextUnformatted(trf("lesson.scaling.entropy", {{"scaled", number(entropy_bits(with), 2)},
                                                       {"unscaled", number(entropy_bits(without), 2)},
                                                       {"max", number(std::log2(double(q + 1)), 2)},
                                                       {"token", app.session.tokens()[q]}})
                             .c_str());
  ImGui::TextUnformatted(app.state.scaled ? tr("lesson.scaling.softmax_with") : tr("lesson.scaling.softmax_without"));
  SignedBars(app, shown, /*as_percent=*/true);
}

}  // namespace attn::app
