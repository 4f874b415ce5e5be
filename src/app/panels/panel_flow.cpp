// Attention flow: lines from each query token (left) to the key tokens it attends to (right), thickness
// and opacity by weight; several heads in their own colours; a one-line reading of the focused token.
#include <algorithm>
#include <imgui.h>

#include "core/state_door.h"
#include "core/state_codecs.h"  // kFieldRange: the state table's ranges
#include "core/flow.h"
#include "panels/panels.h"
#include "ui/field_controls.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
constexpr uint32_t kHeadColours[] = {IM_COL32(230, 159, 0, 255),  IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255),
                                     IM_COL32(240, 228, 66, 255), IM_COL32(0, 114, 178, 255),  IM_COL32(213, 94, 0, 255),
                                     IM_COL32(204, 121, 167, 255), IM_COL32(180, 180, 180, 255)};

std::vector<int> shown_heads(const App& app) {
  std::vector<int> heads;
  for (int h = 0; h < app.session.trace().n_head && h < 32; ++h)
    if (app.state.flow_heads & (1u << h)) heads.push_back(h);
  if (heads.empty()) heads.push_back(app.state.head);
  return heads;
}

}  // namespace

// The two columns and their lines, `height` pixels tall at most.
void DrawFlow(App& app, float max_height) {
  const Trace& tr = app.session.trace();
  const auto& tokens = app.session.tokens();
  const int T = tr.n_tokens;
  const float row = std::clamp(max_height / std::max(1, T), 0.55f * em(), 1.5f * em());
  const float width = ImGui::GetContentRegionAvail().x;
  const float label_w = std::min(9 * em(), width * 0.25f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("flow", ImVec2(width, row * T + 0.5f * em()));
  const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float xl = origin.x + label_w, xr = origin.x + width - label_w;
  int hover_left = -1, hover_right = -1;
  if (hovered) {
    const int r = std::clamp(static_cast<int>((mouse.y - origin.y) / row), 0, T - 1);
    if (mouse.x < xl + em()) hover_left = r;
    else if (mouse.x > xr - em()) hover_right = r;
  }
  if (clicked && hover_left >= 0) app_select_token(app, hover_left);
  const bool incoming = hover_right >= 0 || (hover_left < 0 && app.state.flow_incoming);
  const int focus = hover_left >= 0 ? hover_left : hover_right >= 0 ? hover_right : app.state.selected;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto edges = flow_edges(tr, app.state.layer, shown_heads(app), app.state.flow_threshold, focus, incoming);
  for (const FlowEdge& e : edges) {
    const ImVec2 a(xl + 0.3f * em(), origin.y + (e.query + 0.5f) * row), b(xr - 0.3f * em(), origin.y + (e.key + 0.5f) * row);
    const uint32_t c = kHeadColours[e.head % 8];
    const uint32_t alpha = static_cast<uint32_t>(255 * std::clamp(0.15f + 0.85f * e.weight, 0.0f, 1.0f));
    dl->AddBezierCubic(a, ImVec2((a.x + b.x) / 2, a.y), ImVec2((a.x + b.x) / 2, b.y), b, (c & 0x00FFFFFF) | (alpha << 24),
                       std::max(1.0f, 0.45f * em() * e.weight));
  }
  const int selected = app.session.selected(app.state);
  for (int t = 0; t < T; ++t) {
    const float y = origin.y + t * row + (row - ImGui::GetTextLineHeight()) * 0.5f;
    const uint32_t left = t == focus || t == selected ? ImGui::GetColorU32(ImGuiCol_PlotHistogram) : ImGui::GetColorU32(ImGuiCol_Text);
    const float w = ImGui::CalcTextSize(tokens[t].c_str()).x;
    if (row >= 0.9f * em() || t == focus) {
      dl->AddText(ImVec2(xl - w, y), left, tokens[t].c_str());
      dl->AddText(ImVec2(xr, y), t == focus ? left : ImGui::GetColorU32(ImGuiCol_Text), tokens[t].c_str());
    }
  }
  RecordItem(app, "flow");
}

void ShowFlowPanel(App& app) {
  const Trace& trace = app.session.trace();
  if (trace.n_tokens == 0) return;
  LayerHeadPickers(app);
  ImGui::SetNextItemWidth(10 * em());
  FieldSliderFloat(app, tr("flow.threshold"), &AppState::flow_threshold);
  ImGui::SameLine();
  FieldCheckbox(app, label("flow.incoming", "incoming"), &AppState::flow_incoming);
  ImGui::SameLine();
  if (CompactButton(label("flow.all_heads", "all_heads").c_str())) app_set(app, &AppState::flow_heads, trace.n_head >= 32 ? ~0u : (1u << trace.n_head) - 1);
  ImGui::SameLine();
  if (CompactButton(label("flow.current_head", "current_head").c_str())) app_set(app, &AppState::flow_heads, 0u);
  for (int h = 0; h < trace.n_head && h < 32; ++h) {  // head toggles, each in its line colour
    if (h) ImGui::SameLine();
    bool on = (app.state.flow_heads & (1u << h)) || (app.state.flow_heads == 0 && h == app.state.head);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(kHeadColours[h % 8]));
    char name[16];
    std::snprintf(name, sizeof name, "H%d", h);
    if (ImGui::Checkbox(name, &on)) {
      // flow_heads has a bit for each of the first 32 heads (the loop above stops there)
      const unsigned shown = app.state.flow_heads == 0 ? 1u << std::min(app.state.head, 31) : app.state.flow_heads;
      app_set(app, &AppState::flow_heads, on ? shown | (1u << h) : shown & ~(1u << h));
    }
    ImGui::PopStyleColor();
  }
  const int focus = app.session.selected(app.state);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(flow_sentence(trace, app.session.tokens(), app.state.layer, app.state.head, focus).c_str());
  ImGui::TextDisabled("%s", tr("flow.help"));
  ImGui::PopTextWrapPos();
  DrawFlow(app, std::max(10 * em(), ImGui::GetContentRegionAvail().y - em()));
}

}  // namespace attn::app
