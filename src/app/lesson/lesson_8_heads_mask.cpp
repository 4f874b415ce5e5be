// Step 8: all heads of the layer side by side with their labels, concatenation and W_O, the causal mask,
// and the way to the next-token bars.
#include <imgui.h>

#include "core/state_door.h"
#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/matrix_view.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonHeadsMask(App& app) {
  const Trace& trace = app.session.trace();
  const Config& c = app.session.model().model.config;
  int layer = app.state.layer;
  ImGui::SetNextItemWidth(8 * em());
  if (LabelledSliderInt(tr("lesson.heads_and_mask.layer"), &layer, 0, c.n_layer - 1)) app_set_layer_head(app, layer, app.state.head);
  const int l = app.state.layer;
  const float size = std::clamp(ImGui::GetContentRegionAvail().x / c.n_head - em(), 5 * em(), 14 * em());
  for (int h = 0; h < c.n_head; ++h) {
    if (h) ImGui::SameLine();
    ImGui::BeginGroup();
    const auto& p = app.session.heads()[l * c.n_head + h];
    ImGui::TextUnformatted(
        trf("lesson.heads_and_mask.head_label", {{"head", std::to_string(h)}, {"label", pattern_name(p.label)}}).c_str());
    MatrixView v;
    v.tokens = &app.session.tokens();
    v.n = trace.n_tokens;
    v.color = [&, h](int r, int col) {
      return !trace.visible(r, col) ? ImGui::GetColorU32(ImGuiCol_FrameBg) : viridis(trace.weight(l, h, r, col));
    };
    v.label = [&, h](int r, int col) {
      return !trace.visible(r, col) ? std::string(tr("lesson.heads_and_mask.masked")) : percent(trace.weight(l, h, r, col));
    };
    v.max_size = size;
    v.show_labels = false;
    v.selected_row = app.session.selected(app.state);
    ImGui::PushID(h);
    if (DrawMatrix("head", v).clicked) app_set_layer_head(app, l, h);
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::PushTextWrapPos(0);
  const std::string n_head = std::to_string(c.n_head), d_head = std::to_string(c.head_size()), n_embd = std::to_string(c.n_embd);
  ImGui::TextUnformatted(
      trf("lesson.heads_and_mask.concatenate", {{"n_head", n_head}, {"d_head", d_head}, {"n_embd", n_embd}}).c_str());
  ImGui::TextUnformatted(trf("lesson.heads_and_mask.one_head_writes", {{"d_head", d_head}, {"n_embd", n_embd}}).c_str());
  if (trace.causal) ImGui::TextDisabled("%s", tr("lesson.heads_and_mask.mask_note"));
  ImGui::PopTextWrapPos();
  EncoderComparison(app);
  if (ImGui::Button(label("lesson.heads_and_mask.open_next", "open-next").c_str())) app_set_view(app, View::Next);
  // Where a head's effect can be tested rather than looked at.
  if (ImGui::Button(label("lesson.heads_and_mask.open_attribution", "open-attribution").c_str()))
    app_set_view(app, View::Attribution);
  ImGui::SameLine();
  if (ImGui::Button(label("lesson.heads_and_mask.open_ablate", "open-ablate").c_str())) app_set_view(app, View::Ablate);
  ImGui::SameLine();
  if (ImGui::Button(label("lesson.heads_and_mask.open_induction", "open-induction").c_str())) {
    app_set_view(app, View::Heads);
    app_set(app, &AppState::sort_induction, true);  // the door unticks sorting by score
  }
}

}  // namespace attn::app
