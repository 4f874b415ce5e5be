// The logit lens: rows = layer boundaries, columns = positions; each cell the token the model would
// predict next if it stopped there, coloured by its probability.
#include <algorithm>
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

std::string boundary_name(int l, int n_layer) {
  if (l == 0) return tr("lens.embed");
  return l == n_layer ? std::string(tr("lens.output")) : trf("lens.after_layer", {{"layer", std::to_string(l - 1)}});
}

// The first boundary from which the top guess at position t stays what the model finally predicts.
int settled_at(const LogitLens& lens, int t) {
  const int final_id = lens.at(lens.n_boundaries - 1, t).top[0].id;
  int from = lens.n_boundaries - 1;
  while (from > 0 && lens.at(from - 1, t).top[0].id == final_id) --from;
  return from;
}

void CellTooltip(const App& app, const LensCell& cell, int l, int t) {
  const Tokenizer& tok = app.session.model().tokenizer;
  const int L = app.session.trace().n_layer;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(trf("lens.tip_position", {{"boundary", boundary_name(l, L)}, {"pos", std::to_string(t)},
                                                  {"token", app.session.tokens()[t]}}).c_str());
  for (const TokenProb& p : cell.top) ImGui::Text("  %-14s %s", tok.display(p.id).c_str(), percent(p.prob).c_str());
  if (cell.next_id >= 0)
    ImGui::TextUnformatted(trf("lens.tip_real_next", {{"token", tok.display(cell.next_id)},
                                                     {"rank", std::to_string(cell.next_rank + 1)},
                                                     {"pct", percent(cell.next_prob)}}).c_str());
  ImGui::EndTooltip();
}

}  // namespace

void ShowLensPanel(App& app) {
  const Session& s = app.session;
  if (!s.ready() || s.trace().n_tokens == 0) return;
  const int q = s.selected(app.state);
  const LogitLens& lens = s.lens(q);
  if (lens.cells.empty()) return;
  const int T = lens.n_tokens, B = lens.n_boundaries, first = lens.first_token;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr("lens.help"));
  if (first > 0 || T < s.trace().n_tokens)
    ImGui::TextDisabled("%s", trf("lens.window", {{"from", std::to_string(first)}, {"to", std::to_string(first + T - 1)},
                                                  {"total", std::to_string(s.trace().n_tokens)}}).c_str());
  const int from = settled_at(lens, q);
  const Tokenizer& tok = s.model().tokenizer;
  const std::string guess = tok.display(lens.at(B - 1, q).top[0].id);
  if (from == B - 1)
    ImGui::TextUnformatted(trf("lens.settles_output", {{"token", s.tokens()[q]}, {"guess", guess}}).c_str());
  else
    ImGui::TextUnformatted(trf("lens.settles_from", {{"token", s.tokens()[q]}, {"guess", guess},
                                                     {"boundary", boundary_name(from, B - 1)}}).c_str());
  if (s.lens_filling()) {  // the selected column came first; the others follow a few a frame
    const auto [done, total] = s.lens_progress();
    ImGui::TextDisabled("%s", trf("lens.filling", {{"done", std::to_string(done)}, {"total", std::to_string(total)}}).c_str());
  }
  ImGui::PopTextWrapPos();

  const float label_w = 5.5f * em(), cell_w = 5.2f * em(), cell_h = std::max(1.7f * em(), ImGui::GetFrameHeight());
  ImGui::BeginChild("lens-grid", ImVec2(0, (B + 1.6f) * cell_h + ImGui::GetStyle().ScrollbarSize), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(label_w + T * cell_w, (B + 1) * cell_h));
  // Header: the tokens, the selected one in the accent colour; click to select.
  for (int t = first; t < first + T; ++t) {
    const ImVec2 a(origin.x + label_w + (t - first) * cell_w, origin.y);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(t);
    if (ImGui::InvisibleButton("tok", ImVec2(cell_w, cell_h))) app_select_token(app, t);
    ImGui::PopID();
    dl->PushClipRect(a, ImVec2(a.x + cell_w - 0.2f * em(), a.y + cell_h), true);
    dl->AddText(ImVec2(a.x + 0.2f * em(), a.y + 0.3f * em()), ImGui::GetColorU32(t == q ? ImGuiCol_PlotHistogram : ImGuiCol_Text),
                s.tokens()[t].c_str());
    dl->PopClipRect();
  }
  // Rows: the output on top, the embeddings at the bottom, as the stream flows upwards.
  for (int row = 0; row < B; ++row) {
    const int l = B - 1 - row;
    const float y = origin.y + (row + 1) * cell_h;
    dl->AddText(ImVec2(origin.x, y + 0.3f * em()), ImGui::GetColorU32(ImGuiCol_TextDisabled), boundary_name(l, B - 1).c_str());
    for (int t = first; t < first + T; ++t) {
      const LensCell& cell = lens.at(l, t);
      const ImVec2 a(origin.x + label_w + (t - first) * cell_w, y), b(a.x + cell_w - 0.15f * em(), y + cell_h - 0.15f * em());
      if (cell.top.empty()) {  // not computed yet: an empty cell
        dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg));
        continue;
      }
      const uint32_t bg = viridis(cell.top[0].prob);
      dl->AddRectFilled(a, b, bg);
      dl->PushClipRect(a, b, true);
      dl->AddText(ImVec2(a.x + 0.2f * em(), a.y + 0.25f * em()), text_on(bg), tok.display(cell.top[0].id).c_str());
      dl->PopClipRect();
      if (cell.next_rank == 0)
        dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_PlotHistogram), 0, 0, std::max(2.0f, 0.15f * em()));
      else if (cell.next_rank > 0 && cell.next_rank < 5)
        dl->AddCircleFilled(ImVec2(b.x - 0.35f * em(), a.y + 0.35f * em()), 0.2f * em(), ImGui::GetColorU32(ImGuiCol_PlotHistogram));
      if (t == q) dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Text), 0, 0, 1.0f);
      if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered()) CellTooltip(app, cell, l, t);
    }
  }
  ImGui::EndChild();
}

}  // namespace attn::app
