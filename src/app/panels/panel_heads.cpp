// Head patterns: each head's automatic label with the score that earned it; sort and filter.
#include <algorithm>
#include <imgui.h>

#include "core/state_door.h"
#include "panels/panels.h"
#include "ui/field_controls.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowHeadPatternsPanel(App& app) {
  const auto& heads = app.session.heads();
  if (heads.empty()) return;
  ImGui::TextWrapped("%s", tr("heads.help"));
  // Indexed by HeadLabel + 1, so the list is made from the labels' own names (built each frame: the language may change).
  const char* filters[] = {tr("heads.all"),
                           pattern_name(HeadLabel::PreviousToken), pattern_name(HeadLabel::FirstToken),
                           pattern_name(HeadLabel::Self), pattern_name(HeadLabel::Broad),
                           pattern_name(HeadLabel::Induction), pattern_name(HeadLabel::NextToken),
                           pattern_name(HeadLabel::Special), pattern_name(HeadLabel::Mixed)};
  static_assert(IM_ARRAYSIZE(filters) == static_cast<int>(HeadLabel::Mixed) + 2, "one filter per label");
  int filter = app.state.head_filter + 1;
  ImGui::SetNextItemWidth(10 * em());
  if (ImGui::Combo(label("heads.show", "Show").c_str(), &filter, filters, IM_ARRAYSIZE(filters)))
    app_set(app, &AppState::head_filter, filter - 1);
  ImGui::SameLine();
  FieldCheckbox(app, label("heads.sort_score", "sort-score"), &AppState::sort_heads);  // the door unticks the other
  ImGui::SameLine();
  FieldCheckbox(app, label("heads.sort_induction", "sort-induction"), &AppState::sort_induction);
  ImGui::SameLine();
  const bool repeat = ImGui::Button(label("heads.repeat", "repeat-text").c_str());
  RecordItem(app, "repeat_text");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("heads.repeat_tip"));
  if (repeat) app_defer(app, tr("heads.computing"), [&app] { app_repeat_text(app); });
  const auto& induction = app.session.induction();  // on the text repeated twice
  const auto induction_of = [&](const HeadPattern* h) {
    const size_t i = size_t(h->layer) * app.session.trace().n_head + h->head;
    return i < induction.size() ? induction[i].induction : 0.0f;
  };

  std::vector<const HeadPattern*> rows;
  for (const auto& h : heads)
    if (app.state.head_filter < 0 || static_cast<int>(h.label) == app.state.head_filter) rows.push_back(&h);
  if (app.state.sort_heads) std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->score > b->score; });
  if (app.state.sort_induction)
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) { return induction_of(a) > induction_of(b); });

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("heads", 10, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    // Translated headers with IDs that stay the same in every language (TableSetupColumn copies the name).
    for (const std::string& c : {label("heads.col_head", "head"), label("heads.col_label", "label"),
                                 label("heads.col_score", "score"), label("heads.col_prev", "prev"),
                                 label("heads.col_first", "first"), label("heads.col_self", "self"),
                                 label("heads.col_broad", "broad"), label("heads.col_induction", "induction"),
                                 label("heads.col_repeated", "repeated"), label("heads.col_knockout", "knock out")})
      ImGui::TableSetupColumn(c.c_str());
    ImGui::TableSetupScrollFreeze(0, 1);
    // Rows (and the clickable headers) at least a control's height: 44 CSS px targets on a touch screen.
    // A row's selectable reaches into the row spacing; with the spacing equal to the cells' padding the rows
    // tile exactly, without covering each other.
    const float row_h = ImGui::GetFrameHeight(), pad = ImGui::GetStyle().CellPadding.y;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2 * pad));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers, row_h);
    for (int c = 0; c < 10; ++c)
      if (ImGui::TableSetColumnIndex(c)) ImGui::TableHeader(ImGui::TableGetColumnName(c));
    for (const HeadPattern* h : rows) {
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
      ImGui::TableNextColumn();
      char name[32];
      std::snprintf(name, sizeof name, "L%d H%d", h->layer, h->head);
      if (ImGui::Selectable(name, h->layer == app.state.layer && h->head == app.state.head, 0, ImVec2(0, row_h - 2 * pad))) {
        app_set_layer_head(app, h->layer, h->head);
        app_set_view(app, View::Heatmap);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(pattern_name(h->label));
      for (float v : {h->score, h->previous, h->first, h->self, h->broad, h->induction, induction_of(h)}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(number(v, 2).c_str());
      }
      ImGui::TableNextColumn();
      bool off = std::find(app.state.knocked_out.begin(), app.state.knocked_out.end(), HeadRef{h->layer, h->head}) !=
                 app.state.knocked_out.end();
      ImGui::PushID(h->layer * 1000 + h->head);
      if (ImGui::Checkbox("##ko", &off)) {
        const int l = h->layer, hd = h->head;
        app_defer(app, tr("heads.rerunning"), [&app, l, hd] { app_toggle_knockout(app, l, hd); });
      }
      ImGui::PopID();
    }
    ImGui::PopStyleVar();
    ImGui::EndTable();
  }
}

}  // namespace attn::app
