// Head patterns: each head's automatic label with the score that earned it; sort and filter.
#include <algorithm>
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowHeadPatternsPanel(App& app) {
  const auto& heads = app.session.heads();
  if (heads.empty()) return;
  ImGui::TextWrapped("Each head is labelled from its weights on your text: the mean weight on the previous token, on "
                     "the first token, on itself, how spread out it is (entropy), and for repeated tokens, the weight on "
                     "what followed the earlier copy (induction). \"repeated\": the induction score on your text repeated "
                     "twice (mean weight from each second-copy token on the token after its first occurrence).");
  // Indexed by HeadLabel + 1, so the list is made from the labels' own names.
  static const char* kFilters[] = {"all",
                                   head_label_name(HeadLabel::PreviousToken), head_label_name(HeadLabel::FirstToken),
                                   head_label_name(HeadLabel::Self), head_label_name(HeadLabel::Broad),
                                   head_label_name(HeadLabel::Induction), head_label_name(HeadLabel::NextToken),
                                   head_label_name(HeadLabel::Special), head_label_name(HeadLabel::Mixed)};
  static_assert(IM_ARRAYSIZE(kFilters) == static_cast<int>(HeadLabel::Mixed) + 2, "one filter per label");
  int filter = app.state.head_filter + 1;
  ImGui::SetNextItemWidth(10 * em());
  if (ImGui::Combo("Show", &filter, kFilters, IM_ARRAYSIZE(kFilters))) app.state.head_filter = filter - 1;
  ImGui::SameLine();
  if (ImGui::Checkbox("Sort by score", &app.state.sort_heads) && app.state.sort_heads) app.state.sort_induction = false;
  ImGui::SameLine();
  if (ImGui::Checkbox("Sort by induction", &app.state.sort_induction) && app.state.sort_induction) app.state.sort_heads = false;
  ImGui::SameLine();
  const bool repeat = ImGui::Button("Repeat my text");
  RecordItem(app, "repeat_text");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Append your text's tokens to themselves: an induction head then looks from each repeated token "
                      "at the token that followed it the first time.");
  if (repeat) app_defer(app, "computing...", [&app] { app.session.repeat_text(app.state); });
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
    for (const char* c : {"head", "label", "score", "prev", "first", "self", "broad", "induction", "repeated", "knock out"})
      ImGui::TableSetupColumn(c);
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
        app.state.view = View::Heatmap;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(head_label_name(h->label));
      for (float v : {h->score, h->previous, h->first, h->self, h->broad, h->induction, induction_of(h)}) {
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", v);
      }
      ImGui::TableNextColumn();
      bool off = std::find(app.state.knocked_out.begin(), app.state.knocked_out.end(), HeadRef{h->layer, h->head}) !=
                 app.state.knocked_out.end();
      ImGui::PushID(h->layer * 1000 + h->head);
      if (ImGui::Checkbox("##ko", &off)) {
        const int l = h->layer, hd = h->head;
        app_defer(app, "re-running the model...", [&app, l, hd] { app_toggle_knockout(app, l, hd); });
      }
      ImGui::PopID();
    }
    ImGui::PopStyleVar();
    ImGui::EndTable();
  }
}

}  // namespace attn::app
