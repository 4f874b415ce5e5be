// Attention heatmap for one layer and head: rows = query tokens, columns = key tokens, colour = weight.
#include <algorithm>
#include <cstdio>
#include <imgui.h>

#include "ui/colors.h"
#include "ui/matrix_view.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LayerHeadPickers(App& app) {
  const Config& c = app.session.model().model.config;
  int layer = app.state.layer, head = app.state.head;
  // Each piece goes on the same line only if it fits: text placed past the right edge wraps at every character
  // (its wrap width is negative), a tall blank column that pushed the view down on phones.
  const float slider = 8 * em(), style = ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(slider);
  bool changed = LabelledSliderInt(tr("heatmap.layer"), &layer, 0, c.n_layer - 1);
  SameLineIfFits(slider + style + ImGui::CalcTextSize((std::string(tr("heatmap.head")) + " 00").c_str()).x);
  ImGui::SetNextItemWidth(slider);
  changed |= LabelledSliderInt(tr("heatmap.head"), &head, 0, c.n_head - 1);
  if (changed) app_set_layer_head(app, layer, head);  // the reader's own pick
  for (const auto& p : app.session.heads())
    if (p.layer == app.state.layer && p.head == app.state.head) {
      const std::string pattern = trf("heatmap.pattern", {{"pattern", pattern_name(p.label)}, {"pct", percent(p.score, 0)}});
      SameLineIfFits(ImGui::CalcTextSize(pattern.c_str()).x);
      ImGui::TextDisabled("%s", pattern.c_str());
    }
  const Config& config = app.session.model().model.config;
  if (const std::string share = kv_sharing(config, app.state.head); !share.empty()) {
    ImGui::TextColored(ImColor(kv_group_colour(config, app.state.head)), "\u25A0");
    ImGui::SameLine();
    ImGui::TextWrapped("%s", trf("heatmap.gqa", {{"head", std::to_string(app.state.head)}, {"share", share},
                                                  {"query_heads", std::to_string(config.n_head)},
                                                  {"kv_heads", std::to_string(config.n_kv_head)}}).c_str());
    // What the sharing saves on this text: keys and values of every layer and position, as floats.
    const double per_head = 2.0 * config.n_layer * app.session.trace().n_tokens * config.head_size() * 4;
    ImGui::TextDisabled("%s", trf("heatmap.kv_cache", {{"tokens", std::to_string(app.session.trace().n_tokens)},
                                                       {"mb", number(per_head * config.n_kv_head / 1e6, 2)},
                                                       {"mb_full", number(per_head * config.n_head / 1e6, 2)},
                                                       {"factor", std::to_string(config.group_size())}}).c_str());
  }
}

MatrixHover DrawHeadHeatmap(App& app, const char* id, float max_size) {
  const Trace& trace = app.session.trace();
  const int l = app.state.layer, h = app.state.head;
  MatrixView v;
  v.tokens = &app.session.tokens();
  v.n = trace.n_tokens;
  v.color = [&](int r, int c) { return !trace.visible(r, c) ? ImGui::GetColorU32(ImGuiCol_FrameBg) : viridis(trace.weight(l, h, r, c)); };
  v.value = [&](int r, int c) { return trace.weight(l, h, r, c); };
  v.label = [&](int r, int c) { return !trace.visible(r, c) ? std::string(tr("heatmap.masked_cell")) : percent(trace.weight(l, h, r, c)); };
  v.selected_row = app.session.selected(app.state);
  v.max_size = max_size;
  const MatrixHover hover = DrawMatrix(id, v);
  if (hover.clicked) app_select_token(app, hover.row);
  return hover;
}

void ShowHeatmapPanel(App& app) {
  const Trace& trace = app.session.trace();
  if (trace.n_tokens == 0) return;
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, selected = app.session.selected(app.state);
  const MatrixHover hover = DrawHeadHeatmap(app, "heatmap", std::max(12 * em(), ImGui::GetContentRegionAvail().y - 6 * em()));

  // The hovered (else the selected) row as percentages on the tokens it can see.
  const int row = hover.row >= 0 ? hover.row : selected;
  std::vector<float> w = trace.weight_row(l, h, row);
  w.resize(trace.keys(row));
  std::vector<std::string> toks(app.session.tokens().begin(), app.session.tokens().begin() + row + 1);
  std::vector<int> ids(app.session.ids().begin(), app.session.ids().begin() + row + 1);
  int best = static_cast<int>(std::max_element(w.begin(), w.end()) - w.begin());
  ImGui::TextUnformatted(trf("heatmap.reading", {{"token", app.session.tokens()[row]}, {"key", toks[best]},
                                                 {"pct", percent(w[best])}}).c_str());
  TokenChips("row", toks, ids, -1, &w);
}

}  // namespace attn::app
