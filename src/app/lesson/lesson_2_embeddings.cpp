// Step 2: token + position embeddings as colour strips; switching positions and the mask off shows that
// attention alone cannot tell "the boy sees the girl" from "the girl sees the boy".
#include <imgui.h>

#include "ui/field_controls.h"
#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/matrix_view.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// Layer 0, current head, weights of `text` with the step's toggles (computed in core/order_probe when
// they change), drawn as a small matrix.
void DrawOrderProbe(App& app, int which, const char* text, float size) {
  const OrderProbe& p = app.order_probes[which].get(app.session.model().model, app.session.model().tokenizer, text,
                                                    app.state.use_positions, app.state.use_mask);
  if (p.weights.empty()) return;
  const Eigen::MatrixXf& m = p.weights[std::min<size_t>(app.state.head, p.weights.size() - 1)];
  MatrixView v;
  v.tokens = &p.tokens;
  v.n = static_cast<int>(p.ids.size());
  v.color = [&](int r, int c) { return viridis(m(r, c)); };
  v.label = [&](int r, int c) { return percent(m(r, c)); };
  v.max_size = size;
  ImGui::BeginGroup();
  ImGui::TextUnformatted(text);
  DrawMatrix(which ? "probe-b" : "probe-a", v);
  ImGui::EndGroup();
}

}  // namespace

void LessonEmbeddings(App& app) {
  const Model& m = app.session.model().model;
  const auto& ids = app.session.ids();
  const int C = m.config.n_embd;
  const std::string strips = app.state.use_positions
                                 ? trf("lesson.embeddings.strips_with_position", {{"n", std::to_string(C)}})
                                 : trf("lesson.embeddings.strips_token_only", {{"n", std::to_string(C)}});
  ImGui::TextUnformatted(strips.c_str());
  FieldCheckbox(app, label("lesson.embeddings.use_positions", "use-positions"), &AppState::use_positions);
  ImGui::SameLine();
  FieldCheckbox(app, label("lesson.embeddings.use_mask", "use-mask"), &AppState::use_mask);
  const float label_w = 7 * em(), strip_w = std::max(10 * em(), ImGui::GetContentRegionAvail().x - label_w - em());
  const int shown = std::min<int>(static_cast<int>(ids.size()), 16);
  std::vector<float> v(C);
  float extent = 1e-6f;
  for (int t = 0; t < shown; ++t)
    for (int c = 0; c < C; ++c) extent = std::max(extent, std::abs(m.tok_embed.at(ids[t], c) + (app.state.use_positions ? m.pos_embed(t, c) : 0)));
  for (int t = 0; t < shown; ++t) {
    for (int c = 0; c < C; ++c) v[c] = m.tok_embed.at(ids[t], c) + (app.state.use_positions ? m.pos_embed(t, c) : 0.0f);
    ImGui::TextUnformatted(app.session.tokens()[t].c_str());
    ImGui::SameLine(label_w);
    ImGui::PushID(t);
    VectorStrip("strip", v.data(), C, extent, strip_w, 0.9f * em());
    ImGui::PopID();
  }
  if (static_cast<int>(ids.size()) > shown) ImGui::TextDisabled("%s", trn("lesson.embeddings.first_shown", shown).c_str());
  ImGui::Spacing();
  ImGui::TextWrapped("%s", trf("lesson.embeddings.order_probe", {{"head", std::to_string(app.state.head)}}).c_str());
  const float size = std::min(16 * em(), ImGui::GetContentRegionAvail().x / 2 - em());
  // Whole-word tokens in GPT-2's vocabulary and in the default model's cut of it.
  DrawOrderProbe(app, 0, "The boy sees the girl", size);
  ImGui::SameLine();
  DrawOrderProbe(app, 1, "The girl sees the boy", size);
}

}  // namespace attn::app
