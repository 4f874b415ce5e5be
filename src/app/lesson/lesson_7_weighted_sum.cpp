// Step 7: output(token) = Σ wᵢ·V(tokenᵢ), written out with the real percentages, and the result.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonWeightedSum(App& app) {
  const Trace& tr = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = tr.head_size;
  const std::string sum = weighted_sum_text(tr, app.session.tokens(), l, h, q, 5);
  ImGui::PushTextWrapPos(0);
  ImGui::Text("output(%s) = %s", app.session.tokens()[q].c_str(), sum.c_str());
  ImGui::PopTextWrapPos();
  const float label_w = 9 * em(), w = std::max(10 * em(), ImGui::GetContentRegionAvail().x - label_w - em());
  const float extent = head_extent(tr, &Trace::v, l, h);
  for (int k = 0; k < tr.keys(q) && k < 20; ++k) {
    ImGui::PushID(k);
    ImGui::Text("%s \u00D7 %s", percent(tr.weight(l, h, q, k)).c_str(), app.session.tokens()[k].c_str());
    ImGui::SameLine(label_w);
    std::vector<float> scaled(HS);
    for (int d = 0; d < HS; ++d) scaled[d] = tr.weight(l, h, q, k) * tr.v(l, h, k)[d];
    VectorStrip("wv", scaled.data(), HS, extent, w, 0.8f * em());
    ImGui::PopID();
  }
  ImGui::Text("= output");
  ImGui::SameLine(label_w);
  VectorStrip("out", tr.head_out(l, h, q), HS, extent, w, 1.3f * em());
  if (app.session.ablation().has(l, h))
    ImGui::TextDisabled("This head is knocked out: the output W_O reads is %s, not the sum of the strips above.",
                        app.session.ablation().mode == AblationMode::Mean ? "its mean over the text" : "zero");
  else
    ImGui::TextDisabled("Each strip above is a weighted value; adding them column by column gives the output.");
}

}  // namespace attn::app
