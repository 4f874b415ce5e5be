// Playground: a toy multi-head attention on the reader's sentence, with the number of heads, the
// embedding size and the projections (random with a seed, or layer 0 of the model) chosen by the reader.
// Every intermediate comes from the engine's stand-alone attention function, computed in core/playground
// when the inputs change.
#include <cmath>
#include <imgui.h>

#include "core/state_codecs.h"  // kFieldRange: the state table's ranges
#include "core/playground.h"
#include "ui/field_controls.h"
#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/matrix_view.h"
#include "ui/html_field.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// A (rows, cols) matrix with numbers when cells are big enough.
void NumberGrid(const char* id, const Eigen::MatrixXf& m, bool probabilities, const std::vector<std::string>& row_labels) {
  const float extent = std::max(1e-6f, m.cwiseAbs().maxCoeff());
  const float label_w = 7 * em(), cell = std::clamp((ImGui::GetContentRegionAvail().x - label_w) / std::max<Eigen::Index>(1, m.cols()),
                                                   0.4f * em(), 3.2f * em());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float row_h = ImGui::GetFrameHeight();  // each row a hover (tap) target: 44 CSS px on a touch screen
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    ImGui::TextUnformatted(r < static_cast<Eigen::Index>(row_labels.size()) ? row_labels[r].c_str() : "");
    ImGui::SameLine(label_w);
    ImGui::PushID(static_cast<int>(r));
    ImGui::InvisibleButton(id, ImVec2(cell * m.cols(), row_h));
    ImGui::PopID();
    const ImVec2 a = ImGui::GetItemRectMin();
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const uint32_t col = probabilities ? viridis(m(r, c)) : diverging(m(r, c), extent);
      const ImVec2 p0(a.x + c * cell, a.y), p1(p0.x + cell - 1, p0.y + row_h - 1);
      dl->AddRectFilled(p0, p1, col);
      if (cell >= 2.6f * em()) {
        const std::string b = probabilities ? percent(m(r, c), 0) : number(m(r, c), 2);
        dl->AddText(ImGui::GetFont(), 0.7f * em(), ImVec2(p0.x + 2, p0.y + 0.15f * em()), text_on(col), b.c_str());
      }
    }
  }
}

}  // namespace

void ShowPlaygroundPanel(App& app) {
  if (app.session.trace().n_tokens == 0) return;
  const AppState& st = app.state;
  const Model& m = app.session.model().model;
  const int C = m.config.n_embd;
  ImGui::TextWrapped("%s", tr("playground.intro"));
  FieldCheckbox(app, label("playground.from_model", "from_model"), &AppState::play_from_model);
  if (!st.play_from_model) {
    ImGui::SetNextItemWidth(8 * em());
    FieldSliderInt(app, tr("playground.dim"), &AppState::play_dim);
    const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
    SameLineIfFits(6 * em() + inner + ImGui::CalcTextSize(tr("playground.heads")).x);
    ImGui::SetNextItemWidth(6 * em());
    FieldSliderInt(app, tr("playground.heads"), &AppState::play_heads);
    SameLineIfFits(SeedFieldWidth());
    SeedField(app, "play-seed", tr("playground.seed_field"), st.play_seed);
  }
  const auto& ids = app.session.ids();
  // The head shown is the reader's, within the playground's heads; only moving the slider changes the reader's.
  int head = std::min(st.head, st.play_from_model ? m.config.n_head - 1 : st.play_heads - 1);
  ImGui::SetNextItemWidth(8 * em());
  if (LabelledSliderInt(tr("playground.show_head"), &head, 0, (st.play_from_model ? m.config.n_head : st.play_heads) - 1))
    app_set_layer_head(app, st.layer, head);
  const Playground& p = app.playground.get({ids, st.play_from_model, st.play_dim, st.play_heads, head, st.play_seed}, m);
  if (!p.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", p.error.c_str());
    return;
  }
  const int T = p.T, D = p.D, heads = p.heads, dk = p.dk;
  const SingleHeadAttention* a = &p.attention;
  const Eigen::MatrixXf& x = p.x;
  std::vector<std::string> labels(app.session.tokens().begin(), app.session.tokens().begin() + T);
  std::string shape = trn("playground.shape", heads, {{"t", std::to_string(T)}, {"d", std::to_string(D)}, {"dk", std::to_string(dk)}});
  if (T < static_cast<int>(ids.size())) shape += " " + trf("playground.first_tokens", {{"n", std::to_string(T)}});
  ImGui::TextUnformatted(shape.c_str());
  const char* names[] = {"X", "Q = X W_Q", "K = X W_K", "V = X W_V", "Q K\u1D40", "/ \u221Ad_k", tr("playground.m_softmax"), tr("playground.m_output")};
  ImGui::SetNextItemWidth(14 * em());
  FieldCombo(app, label("playground.matrix", "matrix"), &AppState::play_matrix, names, IM_ARRAYSIZE(names));
  const Eigen::MatrixXf* mats[] = {&x, &a->q, &a->k, &a->v, &a->scores, &a->scaled, &a->weights, &a->output};
  NumberGrid("cells", *mats[st.play_matrix], st.play_matrix == 6, labels);
}

}  // namespace attn::app
