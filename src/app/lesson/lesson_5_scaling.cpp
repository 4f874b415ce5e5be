// Step 5: the scores divided by √d_k, and what softmax does without the scaling (entropy both ways).
#include <cmath>
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void SignedBars(const App& app, const std::vector<float>& values, const char* fmt);  // lesson_4_scores.cpp

void LessonScaling(App& app) {
  const Trace& tr = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state);
  ImGui::Text("d_k = %d, so the scores are divided by \u221A%d = %.2f.", tr.head_size, tr.head_size, std::sqrt(float(tr.head_size)));
  ImGui::Checkbox("divide by \u221Ad_k", &app.state.scaled);
  const std::vector<float> with = row_softmax(tr, l, h, q, true), without = row_softmax(tr, l, h, q, false);
  const std::vector<float>& shown = app.state.scaled ? with : without;
  ImGui::Text("Entropy of \"%s\"'s weights: %.2f bits scaled, %.2f bits unscaled (max %.2f).", app.session.tokens()[q].c_str(),
              entropy_bits(with), entropy_bits(without), std::log2(double(q + 1)));
  ImGui::Text("Softmax %s the scaling (percent):", app.state.scaled ? "with" : "WITHOUT");
  std::vector<float> pct(shown.size());
  for (size_t i = 0; i < shown.size(); ++i) pct[i] = 100 * shown[i];
  SignedBars(app, pct, "%.1f%%");
}

}  // namespace attn::app
