// Head patterns: each head's automatic label with the score that earned it; sort and filter.
#include <algorithm>
#include <imgui.h>

#include "panels.h"
#include "widgets.h"

namespace attn::app {

void ShowHeadPatternsPanel(App& app) {
  const auto& heads = app.session.heads();
  if (heads.empty()) return;
  ImGui::TextWrapped("Each head is labelled from its weights on your text: the mean weight on the previous token, on "
                     "the first token, on itself, how spread out it is (entropy), and for repeated tokens, the weight on "
                     "what followed the earlier copy (induction).");
  static const char* kFilters[] = {"all", "previous-token", "first-token", "self", "broad", "induction", "mixed"};
  int filter = app.state.head_filter + 1;
  ImGui::SetNextItemWidth(10 * em());
  if (ImGui::Combo("Show", &filter, kFilters, IM_ARRAYSIZE(kFilters))) app.state.head_filter = filter - 1;
  ImGui::SameLine();
  ImGui::Checkbox("Sort by score", &app.state.sort_heads);

  std::vector<const HeadPattern*> rows;
  for (const auto& h : heads)
    if (app.state.head_filter < 0 || static_cast<int>(h.label) == app.state.head_filter) rows.push_back(&h);
  if (app.state.sort_heads) std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->score > b->score; });

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("heads", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    for (const char* c : {"head", "label", "score", "prev", "first", "self", "broad", "induction"}) ImGui::TableSetupColumn(c);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (const HeadPattern* h : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char name[32];
      std::snprintf(name, sizeof name, "L%d H%d", h->layer, h->head);
      if (ImGui::Selectable(name, h->layer == app.state.layer && h->head == app.state.head, ImGuiSelectableFlags_SpanAllColumns)) {
        app_set_layer_head(app, h->layer, h->head);
        app.state.view = View::Heatmap;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(head_label_name(h->label));
      for (float v : {h->score, h->previous, h->first, h->self, h->broad, h->induction}) {
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", v);
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace attn::app
