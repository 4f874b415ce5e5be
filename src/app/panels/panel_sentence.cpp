// The sentence bar: the reader's text, presets, and the GPT-2 tokens as clickable chips.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "panels/panels.h"
#include "ui/html_field.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowSentenceBar(App& app) {
  std::string& edit = app.frame.text_edit;  // the text box's contents while typing
  double& last_edit = app.frame.text_edited_at;
  bool& editing = app.frame.text_editing;
  if (!editing) edit = app.state.text;

  ImGui::SetNextItemWidth(-1);
  const float h = ImGui::GetTextLineHeightWithSpacing() * 2.3f;
  if (app.frame.html_fields_enabled) {  // the page's <textarea> lies over this box
    HtmlFieldBox(app, {"text", tr("sentence.text_label"), HtmlField::Kind::Lines, app.state.text,
                       kMaxTextChars}, ImVec2(-1, h));
  } else if (ImGui::InputTextMultiline("##text", &edit, ImVec2(-1, h))) {
    editing = true;
    last_edit = ImGui::GetTime();
  }
  // Re-run the model once typing pauses (so a big model does not stall every keystroke).
  if (editing && (ImGui::GetTime() - last_edit > 0.25 || !ImGui::IsItemActive())) {
    editing = false;
    app_defer(app, tr("sentence.running"), [&app, text = edit] { app_set_text(app, text); });
  }
  ImGui::TextDisabled("%s", tr("sentence.try"));
  const auto& presets = app.session.presets();  // chosen so that no short word is split by this model's tokens
  for (int i = 0; i < static_cast<int>(presets.size()); ++i) {
    char label[32];
    std::snprintf(label, sizeof label, "%d##preset", i + 1);
    SameLineIfFits(ButtonWidth(label));
    if (CompactButton(label)) {
      app_defer(app, tr("sentence.running"), [&app, text = presets[i]] { app_set_text(app, text); });
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", presets[i].c_str());
  }
  const std::string count = trn("sentence.token_count", static_cast<long long>(app.session.ids().size()));
  SameLineIfFits(ImGui::CalcTextSize(count.c_str()).x);
  ImGui::TextDisabled("%s", count.c_str());

  // A long text's chips scroll in a box about five rows tall, so the view below stays on the screen.
  const bool long_text = app.session.tokens().size() > 48;
  if (long_text) ImGui::BeginChild("chips", ImVec2(0, 13 * em()), true);
  const int clicked = TokenChips("chip", app.session.tokens(), app.session.ids(), app.session.selected(app.state), nullptr, &app);
  if (long_text) ImGui::EndChild();
  if (clicked >= 0) app_select_token(app, clicked);
  if (!app.status.url_note.empty()) ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1), "%s", app.status.url_note.c_str());
  if (!app.session.note().empty()) ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.2f, 1), "%s", app.session.note().c_str());
  if (!app.session.error().empty())
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", trf("sentence.error", {{"message", app.session.error()}}).c_str());
}

}  // namespace attn::app
