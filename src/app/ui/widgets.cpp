#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/app.h"
#include "ui/colors.h"

namespace attn::app {

int TokenChips(const char* id, const std::vector<std::string>& tokens, const std::vector<int>& ids, int selected,
               const std::vector<float>* weights, App* record) {
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pad = 0.35f * em(), small = 0.72f;
  // The region's right edge, not the window's: chips in a table column wrap at the column.
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  int clicked = -1;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string id_text = std::to_string(ids[i]);
    const ImVec2 ts = ImGui::CalcTextSize(tokens[i].c_str());
    const ImVec2 is = ImGui::CalcTextSize(id_text.c_str());
    // At least a control's height: on a touch screen that is a 44 CSS px target.
    const ImVec2 size(std::max(ts.x, is.x * small) + 2 * pad,
                      std::max(ts.y + is.y * small + 2 * pad, ImGui::GetFrameHeight()));
    if (i > 0) {
      const float next_right = ImGui::GetItemRectMax().x + style.ItemSpacing.x * 0.5f + size.x;
      if (next_right < right) ImGui::SameLine(0, style.ItemSpacing.x * 0.5f);
    }
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::InvisibleButton("chip", size)) clicked = static_cast<int>(i);
    ImGui::PopID();
    if (record) RecordItem(*record, id + std::to_string(i));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const bool hovered = ImGui::IsItemHovered();
    uint32_t bg = ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_FrameBg);
    const bool masked = weights && i < weights->size() && (*weights)[i] < 0;
    if (weights && i < weights->size() && !masked) bg = viridis((*weights)[i]);
    const uint32_t fg = masked ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : weights ? text_on(bg) : ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddRectFilled(a, b, bg, 0.3f * em());
    if (static_cast<int>(i) == selected)
      dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_PlotHistogram), 0.3f * em(), 0, 0.18f * em());
    else if (hovered)
      dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), 0.3f * em(), 0, 0.08f * em());
    dl->AddText(ImVec2(a.x + pad, a.y + pad), fg, tokens[i].c_str());
    dl->AddText(ImGui::GetFont(), em() * small, ImVec2(a.x + pad, a.y + pad + ts.y), (fg & 0x00FFFFFF) | 0x99000000,
                id_text.c_str());
    // A piece of a character (猫¹⁄₃) or stray bytes (⟨e7⟩): the tooltip says why the chip looks so.
    const bool byte_piece = tokens[i].find("\u2044") != std::string::npos || tokens[i].find("\u27E8") != std::string::npos;
    if (hovered && (weights && i < weights->size())) {
      const std::string value = masked ? tr("widgets.masked_later") : percent((*weights)[i]);
      ImGui::SetTooltip("%s  %s%s%s", tokens[i].c_str(), value.c_str(), byte_piece ? "\n" : "", byte_piece ? tr("widgets.byte_piece_tip") : "");
    } else if (hovered && byte_piece) {
      ImGui::SetTooltip("%s\n%s", tokens[i].c_str(), tr("widgets.byte_piece_tip"));
    }
  }
  ImGui::PopID();
  return clicked;
}

void VectorStrip(const char* id, const float* values, int n, float extent, float width, float height) {
  if (touch_style()) height = std::max(height, ImGui::GetFrameHeight());  // a finger's target on a touch screen
  ImGui::InvisibleButton(id, ImVec2(width, height));
  const ImVec2 a = ImGui::GetItemRectMin();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = width / std::max(1, n);
  for (int i = 0; i < n; ++i)
    dl->AddRectFilled(ImVec2(a.x + i * cell, a.y), ImVec2(a.x + (i + 1) * cell, a.y + height), diverging(values[i], extent));
  if (ImGui::IsItemHovered() && n > 0) {
    const int i = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - a.x) / cell), 0, n - 1);
    ImGui::SetTooltip("%s", trf("widgets.dimension", {{"i", std::to_string(i)}, {"value", number(values[i], 3)}}).c_str());
  }
}

float head_extent(const Trace& tr, const float* (Trace::*row)(int, int, int) const, int l, int h) {
  float m = 0;
  for (int t = 0; t < tr.n_tokens; ++t) m = std::max(m, max_abs((tr.*row)(l, h, t), size_t(tr.head_size)));
  return m;
}

std::string kv_sharing(const Config& c, int head) {
  if (c.n_kv_head <= 0 || c.n_kv_head >= c.n_head) return "";
  std::vector<int> others;
  for (int h = 0; h < c.n_head; ++h)
    if (h != head && c.kv_head_of(h) == c.kv_head_of(head)) others.push_back(h);
  std::string list;
  for (size_t i = 0; i < others.size(); ++i)
    list += (i == 0 ? "" : i + 1 == others.size() ? tr("widgets.and") : tr("widgets.comma")) + std::to_string(others[i]);
  return trn("widgets.kv_sharing", static_cast<long long>(others.size()), {{"kv", std::to_string(c.kv_head_of(head))}, {"heads", list}});
}

uint32_t kv_group_colour(const Config& c, int head) {
  const float hue = c.n_kv_head > 0 ? float(c.kv_head_of(head)) / float(c.n_kv_head) : 0.0f;
  return ImColor::HSV(hue, 0.65f, 0.95f);
}

float max_abs(const float* values, size_t n) {
  float m = 1e-6f;
  for (size_t i = 0; i < n; ++i) m = std::max(m, std::abs(values[i]));
  return m;
}

void SameLineIfFits(float width) {
  // The region's right edge, not the window's: chips in a table column wrap at the column.
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

bool touch_style() { return ImGui::GetStyle().FramePadding.y >= 0.5f * em(); }  // setup_style(touch = true)

bool CompactButton(const char* label) {
  return touch_style() ? ImGui::Button(label) : ImGui::SmallButton(label);
}

bool ChoiceRow(const char* const* labels, int count, int* current) {
  bool changed = false;
  for (int i = 0; i < count; ++i) {
    if (i > 0) SameLineIfFits(ButtonWidth(labels[i]));
    const bool active = *current == i;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(labels[i]) && !active) {
      *current = i;
      changed = true;
    }
    if (active) ImGui::PopStyleColor();
  }
  return changed;
}

void HelpMarker(const char* help) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(help);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void RecordItem(App& app, const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  app.frame.layout[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

bool LabelledSliderInt(const char* name, int* value, int lo, int hi) {
  char label[160];
  std::snprintf(label, sizeof label, "%s %d###%s", name, *value, name);
  return ImGui::SliderInt(label, value, lo, hi, "", ImGuiSliderFlags_AlwaysClamp);  // a Ctrl+click typed value too
}

bool LabelledSliderFloat(const char* name, float* value, float lo, float hi, const char* format) {
  char label[160], shown[32];
  std::snprintf(shown, sizeof shown, format, *value);
  if (language() == "es")  // the language's decimal comma, as number() writes it
    for (char& c : shown)
      if (c == '.') c = ',';
  std::snprintf(label, sizeof label, "%s %s###%s", name, shown, name);
  return ImGui::SliderFloat(label, value, lo, hi, "", ImGuiSliderFlags_AlwaysClamp);
}

// A head's pattern in the reader's language (head_label_name gives the English).
const char* pattern_name(HeadLabel label) {
  switch (label) {
    case HeadLabel::PreviousToken: return tr("pattern.previous_token");
    case HeadLabel::FirstToken: return tr("pattern.first_token");
    case HeadLabel::Self: return tr("pattern.self");
    case HeadLabel::Broad: return tr("pattern.broad");
    case HeadLabel::Induction: return tr("pattern.induction");
    case HeadLabel::NextToken: return tr("pattern.next_token");
    case HeadLabel::Special: return head_label_name(label);  // "[SEP]/[CLS]": token names
    case HeadLabel::Mixed: return tr("pattern.mixed");
  }
  return head_label_name(label);
}

}  // namespace attn::app
