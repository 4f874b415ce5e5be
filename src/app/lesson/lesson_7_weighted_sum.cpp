// Step 7: output(token) = Σ wᵢ·V(tokenᵢ), written out with the real percentages, and the result.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonWeightedSum(App& app) {
  const Trace& trace = app.session.trace();
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = trace.head_size;
  const std::string sum = weighted_sum_text(trace, app.session.tokens(), l, h, q, 5);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(trf("lesson.weighted_sum.formula", {{"sum", sum}, {"token", app.session.tokens()[q]}}).c_str());
  ImGui::PopTextWrapPos();
  const float label_w = 9 * em(), w = std::max(10 * em(), ImGui::GetContentRegionAvail().x - label_w - em());
  const float extent = head_extent(trace, &Trace::v, l, h);
  for (int k = 0; k < trace.keys(q) && k < 20; ++k) {
    ImGui::PushID(k);
    ImGui::Text("%s \u00D7 %s", percent(trace.weight(l, h, q, k)).c_str(), app.session.tokens()[k].c_str());
    ImGui::SameLine(label_w);
    std::vector<float> scaled(HS);
    for (int d = 0; d < HS; ++d) scaled[d] = trace.weight(l, h, q, k) * trace.v(l, h, k)[d];
    VectorStrip("wv", scaled.data(), HS, extent, w, 0.8f * em());
    ImGui::PopID();
  }
  ImGui::TextUnformatted(tr("lesson.weighted_sum.equals_output"));
  ImGui::SameLine(label_w);
  VectorStrip("out", trace.head_out(l, h, q), HS, extent, w, 1.3f * em());
  if (app.session.ablation().has(l, h))
    ImGui::TextDisabled("%s", app.session.ablation().mode == AblationMode::Mean ? tr("lesson.weighted_sum.knocked_out_mean")
                                                                                : tr("lesson.weighted_sum.knocked_out_zero"));
  else
    ImGui::TextDisabled("%s", tr("lesson.weighted_sum.strips_add_up"));
}

}  // namespace attn::app
