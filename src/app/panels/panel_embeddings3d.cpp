// Embeddings in 3D: the loaded model's wte vectors of the reader's words, projected with PCA; drag to
// rotate, wheel to zoom.
#include <cmath>
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/state_door.h"
#include "core/state_codecs.h"  // kFieldRange: the state table's ranges
#include "panels/panels.h"
#include "ui/html_field.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowEmbeddings3DPanel(App& app) {
  if (!app.session.ready()) return;
  const Model& m = app.session.model().model;
  const Tokenizer& tok = app.session.model().tokenizer;
  ImGui::TextWrapped("%s", tr("embeddings.intro"));
  ImGui::SetNextItemWidth(-1);
  if (app.frame.html_fields_enabled)
    HtmlFieldBox(app, {"words", tr("embeddings.words_field"), HtmlField::Kind::Line, app.state.words, kMaxWordsChars},
                 ImVec2(-1, 0));
  else
    if (std::string words = app.state.words; ImGui::InputText("##words", &words)) app_set_field(app, "words", words);
  const WordCloud& cloud = app.word_cloud.get(app.state.words, m, tok);  // recomputed only when they change
  const auto& words = cloud.words;
  const Eigen::MatrixXf& p = cloud.points;
  if (words.size() < 4) {
    ImGui::TextDisabled("%s", tr("embeddings.too_few"));
    return;
  }
  const float radius = std::max(1e-6f, p.cwiseAbs().maxCoeff());

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(12 * em(), std::min(avail.x, avail.y - em()));
  ImGui::InvisibleButton("scene", ImVec2(avail.x, side));
  const ImVec2 a = ImGui::GetItemRectMin();
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(0)) {
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    app_set(app, &AppState::yaw, std::remainder(app.state.yaw + d.x * 0.01f, 6.2831853f));  // within ±π, as links keep it
    app_set(app, &AppState::pitch, app.state.pitch + d.y * 0.01f);
  }
  if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0)
    app_set(app, &AppState::zoom, app.state.zoom * std::pow(1.15f, ImGui::GetIO().MouseWheel));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, ImVec2(a.x + avail.x, a.y + side), ImGui::GetColorU32(ImGuiCol_FrameBg));
  const ImVec2 centre(a.x + avail.x / 2, a.y + side / 2);
  const float cy = std::cos(app.state.yaw), sy = std::sin(app.state.yaw), cp = std::cos(app.state.pitch), sp = std::sin(app.state.pitch);
  const float scale = 0.42f * side * app.state.zoom / radius;
  const auto project = [&](float x3, float y3, float z3, float* depth) {
    const float rx = cy * x3 + sy * z3, rz = -sy * x3 + cy * z3;
    const float ry = cp * y3 - sp * rz;
    *depth = sp * y3 + cp * rz;
    return ImVec2(centre.x + rx * scale, centre.y - ry * scale);
  };
  float depth;
  for (int axis = 0; axis < 3; ++axis) {  // the three principal axes
    const float e[3] = {axis == 0 ? radius : 0, axis == 1 ? radius : 0, axis == 2 ? radius : 0};
    dl->AddLine(project(0, 0, 0, &depth), project(e[0], e[1], e[2], &depth), ImGui::GetColorU32(ImGuiCol_Border), 1.0f);
  }
  dl->PushClipRect(a, ImVec2(a.x + avail.x, a.y + side), true);
  for (int i = 0; i < static_cast<int>(words.size()); ++i) {
    const ImVec2 s = project(p(i, 0), p(i, 1), p(i, 2), &depth);
    const float shade = std::clamp(0.6f + 0.4f * depth / radius, 0.25f, 1.0f);
    const ImU32 col = ImGui::ColorConvertFloat4ToU32(ImVec4(0.35f + 0.6f * shade, 0.75f * shade, 0.3f, 1));
    dl->AddCircleFilled(s, 0.3f * em(), col);
    dl->AddText(ImVec2(s.x + 0.4f * em(), s.y - 0.5f * em()), ImGui::GetColorU32(ImGuiCol_Text), words[i].c_str());
  }
  dl->PopClipRect();
}

}  // namespace attn::app
