// Step 4: Q·K for the selected token against every key, as signed bars, with one dot product written out.
#include <algorithm>
#include <cmath>
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

// Horizontal signed bars, one per visible key (used by steps 4 and 5), each labelled with its value: a number
// with two decimals, or (as_percent) a weight as a percentage.
void SignedBars(const App& app, const std::vector<float>& values, bool as_percent) {
  const float extent = max_abs(values.data(), values.size());
  const float label_w = 7 * em(), width = std::max(10 * em(), ImGui::GetContentRegionAvail().x - label_w - 5 * em());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t k = 0; k < values.size(); ++k) {
    ImGui::TextUnformatted(app.session.tokens()[k].c_str());
    ImGui::SameLine(label_w);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
    const float mid = a.x + width / 2, len = values[k] / extent * width / 2;
    dl->AddRectFilled(ImVec2(std::min(mid, mid + len), a.y + 2), ImVec2(std::max(mid, mid + len), a.y + ImGui::GetTextLineHeight() - 2),
                      diverging(values[k], extent));
    dl->AddLine(ImVec2(mid, a.y), ImVec2(mid, a.y + ImGui::GetTextLineHeight()), ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::SameLine();
    ImGui::TextUnformatted((as_percent ? percent(values[k]) : number(values[k], 2)).c_str());
  }
}

void LessonScores(App& app) {
  const Trace& trace = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = trace.head_size;
  std::vector<float> scores = trace.score_row(l, h, q, /*scaled=*/false);
  scores.resize(trace.keys(q));
  ImGui::TextUnformatted(trf("lesson.scores.heading", {{"token", app.session.tokens()[q]}}).c_str());
  SignedBars(app, scores, /*as_percent=*/false);
  // The best-matching pair, written out.
  const int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  const float* qv = trace.q(l, h, q);
  const float* kv = trace.k(l, h, best);
  const std::string line =
      trf("lesson.scores.dot_product", {{"q0", number(qv[0], 2)}, {"k0", number(kv[0], 2)}, {"q1", number(qv[1], 2)},
                                        {"k1", number(kv[1], 2)}, {"q2", number(qv[2], 2)}, {"k2", number(kv[2], 2)},
                                        {"terms", std::to_string(HS)}, {"score", number(scores[best], 2)},
                                        {"key", app.session.tokens()[best]}});
  ImGui::Spacing();
  ImGui::TextWrapped("%s", line.c_str());
}

}  // namespace attn::app
