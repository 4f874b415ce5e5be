// Step 8: all heads of the layer side by side with their labels, concatenation and W_O, the causal mask,
// and the way to the next-token bars.
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/matrix_view.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonHeadsMask(App& app) {
  const Trace& tr = app.session.trace();
  const Config& c = app.session.model().model.config;
  int layer = app.state.layer;
  ImGui::SetNextItemWidth(8 * em());
  if (LabelledSliderInt("Layer", &layer, 0, c.n_layer - 1)) app_set_layer_head(app, layer, app.state.head);
  const int l = app.state.layer;
  const float size = std::clamp(ImGui::GetContentRegionAvail().x / c.n_head - em(), 5 * em(), 14 * em());
  for (int h = 0; h < c.n_head; ++h) {
    if (h) ImGui::SameLine();
    ImGui::BeginGroup();
    const auto& p = app.session.heads()[l * c.n_head + h];
    ImGui::Text("head %d: %s", h, head_label_name(p.label));
    MatrixView v;
    v.tokens = &app.session.tokens();
    v.n = tr.n_tokens;
    v.color = [&, h](int r, int col) { return !tr.visible(r, col) ? ImGui::GetColorU32(ImGuiCol_FrameBg) : viridis(tr.weight(l, h, r, col)); };
    v.label = [&, h](int r, int col) { return !tr.visible(r, col) ? std::string("masked (-\u221E)") : percent(tr.weight(l, h, r, col)); };
    v.max_size = size;
    v.show_labels = false;
    v.selected_row = app.session.selected(app.state);
    ImGui::PushID(h);
    if (DrawMatrix("head", v).clicked) app_set_layer_head(app, l, h);
    ImGui::PopID();
    ImGui::EndGroup();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::Text("Concatenate: %d heads x %d = %d numbers per token, then W_O (%d x %d) mixes them back into the residual "
              "stream.", c.n_head, c.head_size(), c.n_embd, c.n_embd, c.n_embd);
  ImGui::Text("Head output (%d numbers) × its %d rows of W_O → %d numbers added into the residual stream: "
              "that is what one head writes.", c.head_size(), c.head_size(), c.n_embd);
  if (tr.causal)
    ImGui::TextDisabled("The grey upper triangle is the causal mask: later tokens get -\u221E before softmax, so 0%%.");
  ImGui::PopTextWrapPos();
  EncoderComparison(app);
  if (ImGui::Button("Open the next-token bars and let the model write")) app.state.view = View::Next;
  // Where a head's effect can be tested rather than looked at.
  if (ImGui::Button("What each head writes into the next token")) app.state.view = View::Attribution;
  ImGui::SameLine();
  if (ImGui::Button("Knock out a head")) app.state.view = View::Ablate;
  ImGui::SameLine();
  if (ImGui::Button("Induction heads")) {
    app.state.view = View::Heads;
    app.state.sort_induction = true;
    app.state.sort_heads = false;
  }
}

}  // namespace attn::app
