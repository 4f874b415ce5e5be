// The formula softmax(Q·Kᵀ/√d_k)·V drawn large; clicking a symbol explains it and shows its numbers for
// the current sentence, layer and head.
#include <cmath>
#include <imgui.h>

#include "core/state_door.h"
#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/matrix_view.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// A (T, HS) block of the trace as a coloured matrix (rows = tokens, columns = dimensions).
void HeadRows(App& app, const float* (Trace::*row)(int, int, int) const, const char* id) {
  const Trace& tr = app.session.trace();
  const int l = app.state.layer, h = app.state.head, T = tr.n_tokens, HS = tr.head_size;
  const float extent = head_extent(tr, row, l, h);
  const float label_w = 7 * em(), w = std::max(10 * em(), ImGui::GetContentRegionAvail().x - label_w - em());
  for (int t = 0; t < T && t < 24; ++t) {
    ImGui::PushID(t);
    ImGui::TextUnformatted(app.session.tokens()[t].c_str());
    ImGui::SameLine(label_w);
    VectorStrip(id, (tr.*row)(l, h, t), HS, extent, w, 0.8f * em());
    ImGui::PopID();
  }
}

}  // namespace

void ShowFormulaPanel(App& app) {
  const Trace& trace = app.session.trace();
  if (trace.n_tokens == 0) return;
  LayerHeadPickers(app);
  // The formula as a row of big buttons: softmax ( Q K^T / sqrt(d_k) ) V
  const char* parts[] = {"softmax", "(", "Q", "K\u1D40", "/", "\u221Ad_k", ")", "V"};
  const int symbol_of[] = {0, -1, 1, 2, -1, 3, -1, 4};  // index into lesson.formula
  ImGui::SetWindowFontScale(2.0f);
  for (int i = 0; i < IM_ARRAYSIZE(parts); ++i) {
    if (i) ImGui::SameLine(0, 0.3f * em());
    const int s = symbol_of[i];
    if (s < 0) {
      ImGui::TextUnformatted(parts[i]);
      continue;
    }
    const bool active = app.state.formula_part == s;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(parts[i])) app_set(app, &AppState::formula_part, s);
    if (active) ImGui::PopStyleColor();
  }
  ImGui::SetWindowFontScale(1.0f);
  ImGui::TextDisabled("%s", tr("formula.click_symbol"));
  const int s = app.state.formula_part;
  if (s < 0 || s >= static_cast<int>(app.lesson.formula.size())) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(app.lesson.formula[s].text.c_str());
  ImGui::PopTextWrapPos();
  const int l = app.state.layer, h = app.state.head;
  if (s == 1) HeadRows(app, &Trace::q, "q");
  if (s == 2) HeadRows(app, &Trace::k, "k");
  if (s == 4) HeadRows(app, &Trace::v, "v");
  if (s == 3)
    ImGui::TextUnformatted(trf("formula.dk", {{"dk", std::to_string(trace.head_size)},
                                              {"sqrt_dk", number(std::sqrt(double(trace.head_size)), 3)}}).c_str());
  if (s == 0 || s == 3) {
    MatrixView v;
    v.tokens = &app.session.tokens();
    v.n = trace.n_tokens;
    float extent = 1e-6f;
    for (int r = 0; r < trace.n_tokens; ++r)
      for (int c = 0; c < trace.keys(r); ++c) extent = std::max(extent, std::abs(trace.scaled(l, h, r, c)));
    if (s == 0) {
      v.color = [&](int r, int c) { return !trace.visible(r, c) ? ImGui::GetColorU32(ImGuiCol_FrameBg) : viridis(trace.weight(l, h, r, c)); };
  v.value = [&](int r, int c) { return trace.weight(l, h, r, c); };
      v.label = [&](int r, int c) { return percent(trace.weight(l, h, r, c)); };
    } else {
      v.color = [&](int r, int c) { return diverging(trace.scaled(l, h, r, c), extent); };
      v.label = [&](int r, int c) { return number(trace.scaled(l, h, r, c), 2); };
      v.hatched = [](int r, int c) { return c > r; };
    }
    v.selected_row = app.session.selected(app.state);
    v.max_size = std::min(ImGui::GetContentRegionAvail().x, 28 * em());
    DrawMatrix("formula-matrix", v);
  }
}

}  // namespace attn::app
