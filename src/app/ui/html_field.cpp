// The canvas side of the page's HTML fields: the box, its text while the field steps aside, and where it is.
#include "ui/html_field.h"

#include "core/i18n.h"

#include <algorithm>
#include <string>

#include "ui/widgets.h"

namespace attn::app {

void HtmlFieldBox(App& app, HtmlField field, ImVec2 size) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
  const float h = size.y > 0 ? size.y : ImGui::GetFrameHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& style = ImGui::GetStyle();
  dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
  const ImVec2 pad = style.FramePadding;
  dl->PushClipRect(at, ImVec2(at.x + w, at.y + h), true);
  dl->AddText(nullptr, 0, ImVec2(at.x + pad.x, at.y + pad.y), ImGui::GetColorU32(ImGuiCol_Text), field.value.c_str(), nullptr,
              field.kind == HtmlField::Kind::Lines ? w - 2 * pad.x : 0.0f, nullptr);
  dl->PopClipRect();
  ImGui::Dummy(ImVec2(w, h));
  // In sight: inside what the window shows (its clip rectangle) and on the screen (a window can be taller).
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax(), screen = ImGui::GetIO().DisplaySize;
  const bool in_sight = at.x >= lo.x && at.y >= lo.y && at.x + w <= std::min(hi.x, screen.x) + 0.5f &&
                        at.y + h <= std::min(hi.y, screen.y) + 0.5f;
  if (in_sight && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) {
    field.rect = {at.x, at.y, w, h};
    app.frame.html_fields.push_back(std::move(field));
  }
}

float SeedFieldWidth() { return 5 * em() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr("widgets.seed")).x; }

void SeedField(App& app, const char* id, const char* label, uint64_t seed) {
  const float w = 5 * em();
  if (app.frame.html_fields_enabled) {
    HtmlFieldBox(app, {id, label, HtmlField::Kind::Number, std::to_string(seed), kMaxSeedChars}, ImVec2(w, 0));
  } else {
    int v = static_cast<int>(seed & 0x7FFFFFFF);
    ImGui::SetNextItemWidth(w);
    ImGui::PushID(id);
    if (ImGui::InputInt("##seed", &v, 0, 0)) app_set_field(app, id, std::to_string(std::max(0, v)));  // the page field's door
    ImGui::PopID();
  }
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("widgets.seed"));
  if (app.status.field_id == id) {  // a phone shows no tooltip: say why the typed seed is not used
    const ImVec4 red = dark_theme(app) ? ImVec4(1.0f, 0.5f, 0.5f, 1) : ImVec4(0.7f, 0.1f, 0.1f, 1);
    ImGui::TextColored(red, "%s", app.status.field_error.c_str());
  }
}

}  // namespace attn::app
