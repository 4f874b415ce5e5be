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
  bool changed = LabelledSliderInt("Layer", &layer, 0, c.n_layer - 1);
  SameLineIfFits(slider + style + ImGui::CalcTextSize("Head 00").x);
  ImGui::SetNextItemWidth(slider);
  changed |= LabelledSliderInt("Head", &head, 0, c.n_head - 1);
  if (changed) app_set_layer_head(app, layer, head);  // the reader's own pick
  for (const auto& p : app.session.heads())
    if (p.layer == app.state.layer && p.head == app.state.head) {
      char pattern[96];
      std::snprintf(pattern, sizeof pattern, "pattern: %s (%.0f%%)", head_label_name(p.label), 100 * p.score);
      SameLineIfFits(ImGui::CalcTextSize(pattern).x);
      ImGui::TextDisabled("%s", pattern);
    }
  const Config& config = app.session.model().model.config;
  if (const std::string share = kv_sharing(config, app.state.head); !share.empty()) {
    ImGui::TextColored(ImColor(kv_group_colour(config, app.state.head)), "\u25A0");
    ImGui::SameLine();
    ImGui::TextWrapped("Head %d %s: grouped-query attention, %d query heads over %d key/value heads.", app.state.head,
                       share.c_str(), config.n_head, config.n_kv_head);
    // What the sharing saves on this text: keys and values of every layer and position, as floats.
    const double per_head = 2.0 * config.n_layer * app.session.trace().n_tokens * config.head_size() * 4;
    ImGui::TextDisabled("For your %d tokens the key/value cache holds %.2f MB; with a key and value per query head it "
                        "would hold %.2f MB (%dx).", app.session.trace().n_tokens, per_head * config.n_kv_head / 1e6,
                        per_head * config.n_head / 1e6, config.group_size());
  }
}

MatrixHover DrawHeadHeatmap(App& app, const char* id, float max_size) {
  const Trace& tr = app.session.trace();
  const int l = app.state.layer, h = app.state.head;
  MatrixView v;
  v.tokens = &app.session.tokens();
  v.n = tr.n_tokens;
  v.color = [&](int r, int c) { return !tr.visible(r, c) ? ImGui::GetColorU32(ImGuiCol_FrameBg) : viridis(tr.weight(l, h, r, c)); };
  v.value = [&](int r, int c) { return tr.weight(l, h, r, c); };
  v.label = [&](int r, int c) { return !tr.visible(r, c) ? std::string("masked (future)") : percent(tr.weight(l, h, r, c)); };
  v.selected_row = app.session.selected(app.state);
  v.max_size = max_size;
  const MatrixHover hover = DrawMatrix(id, v);
  if (hover.clicked) app_select_token(app, hover.row);
  return hover;
}

void ShowHeatmapPanel(App& app) {
  const Trace& tr = app.session.trace();
  if (tr.n_tokens == 0) return;
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, selected = app.session.selected(app.state);
  const MatrixHover hover = DrawHeadHeatmap(app, "heatmap", std::max(12 * em(), ImGui::GetContentRegionAvail().y - 6 * em()));

  // The hovered (else the selected) row as percentages on the tokens it can see.
  const int row = hover.row >= 0 ? hover.row : selected;
  std::vector<float> w = tr.weight_row(l, h, row);
  w.resize(tr.keys(row));
  std::vector<std::string> toks(app.session.tokens().begin(), app.session.tokens().begin() + row + 1);
  std::vector<int> ids(app.session.ids().begin(), app.session.ids().begin() + row + 1);
  int best = static_cast<int>(std::max_element(w.begin(), w.end()) - w.begin());
  ImGui::Text("\"%s\" attends most to \"%s\" (%s). Its row, as colours:", app.session.tokens()[row].c_str(),
              toks[best].c_str(), percent(w[best]).c_str());
  TokenChips("row", toks, ids, -1, &w);
}

}  // namespace attn::app
