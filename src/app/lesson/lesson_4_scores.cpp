// Step 4: Q·K for the selected token against every key, as signed bars, with one dot product written out.
#include <algorithm>
#include <cmath>
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

// Horizontal signed bars, one per visible key (used by steps 4 and 5).
void SignedBars(const App& app, const std::vector<float>& values, const char* fmt) {
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
    ImGui::Text(fmt, values[k]);
  }
}

void LessonScores(App& app) {
  const Trace& tr = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = tr.head_size;
  std::vector<float> scores = tr.score_row(l, h, q, /*scaled=*/false);
  scores.resize(tr.keys(q));
  ImGui::Text("Scores of the query \"%s\" against each key it can see (Q\u00B7K):", app.session.tokens()[q].c_str());
  SignedBars(app, scores, "%.2f");
  // The best-matching pair, written out.
  const int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  const float* qv = tr.q(l, h, q);
  const float* kv = tr.k(l, h, best);
  char buf[256];
  std::snprintf(buf, sizeof buf, "q\u00B7k(%s) = %.2f\u00D7%.2f + %.2f\u00D7%.2f + %.2f\u00D7%.2f + \u2026 (%d terms) = %.2f",
                app.session.tokens()[best].c_str(), qv[0], kv[0], qv[1], kv[1], qv[2], kv[2], HS, scores[best]);
  ImGui::Spacing();
  ImGui::TextWrapped("%s", buf);
}

}  // namespace attn::app
