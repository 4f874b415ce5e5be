// What heads write: one next-token logit split into what each head (through its slice of W_O), each MLP,
// the embeddings and the biases add to it, sorted; optionally as a difference between two tokens.
#include <algorithm>
#include <cmath>
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

std::string part_name(const LogitPart& p) {
  switch (p.kind) {
    case PartKind::Embed: return tr("attribution.part_embeddings");
    case PartKind::Head: return "L" + std::to_string(p.layer) + "H" + std::to_string(p.head);
    case PartKind::AttnBias: return trf("attribution.part_attn_bias", {{"layer", std::to_string(p.layer)}});
    case PartKind::Mlp: return "MLP " + std::to_string(p.layer);
    case PartKind::LnFBias: return tr("attribution.part_ln_f_bias");
  }
  return "";
}

// "+1.23" / "−0.50" as printf's "%+.2f", in the language's decimal convention.
std::string signed_number(float v) { return (std::signbit(v) ? "" : "+") + number(v, 2); }

// A row of the likeliest next tokens; returns the id clicked or -2. `none` adds a "none" choice (-1).
int TokenPicker(const App& app, const char* id, int current, bool none) {
  const Distribution& d = app.session.next();
  int picked = -2;
  ImGui::PushID(id);
  if (none && ImGui::RadioButton(label("attribution.none", "none").c_str(), current < 0)) picked = -1;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  for (int i = 0; i < std::min<int>(6, d.sorted.size()); ++i) {
    const int tok = d.sorted[i].id;
    const std::string label = app.session.model().tokenizer.display(tok);
    // Wrap before a choice that would not fit on this line (a radio is its circle plus its text).
    const float need = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x;
    if (i > 0 || none) {
      if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + need < right) ImGui::SameLine();
    }
    ImGui::PushID(i);
    if (ImGui::RadioButton(label.c_str(), current == tok)) picked = tok;
    ImGui::PopID();
  }
  ImGui::PopID();
  return picked;
}

}  // namespace

void ShowAttributionPanel(App& app) {
  const Session& s = app.session;
  if (!s.ready() || s.trace().n_tokens == 0) return;
  const Attribution& a = s.attribution(app.state.attr_token, app.state.attr_versus);
  if (a.parts.empty()) return;
  const Tokenizer& tok = s.model().tokenizer;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr("attribution.intro"));
  ImGui::PopTextWrapPos();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("attribution.token_prompt"));
  ImGui::SameLine();
  if (int t = TokenPicker(app, "token", a.token, false); t >= 0) app_set_attribution(app, t, app.state.attr_versus);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("attribution.compare_with"));
  ImGui::SameLine();
  if (int t = TokenPicker(app, "versus", a.versus, true); t >= -1) app_set_attribution(app, app.state.attr_token, t);

  std::vector<const LogitPart*> parts;
  for (const LogitPart& p : a.parts) parts.push_back(&p);
  std::stable_sort(parts.begin(), parts.end(), [](auto* x, auto* y) { return std::abs(x->value) > std::abs(y->value); });
  const std::string what = a.versus >= 0 ? "logit(\"" + tok.display(a.token) + "\") \u2212 logit(\"" + tok.display(a.versus) + "\")"
                                         : trf("attribution.logit_of", {{"token", tok.display(a.token)}});
  const LogitPart* top_head = nullptr;
  for (const LogitPart* p : parts)
    if (p->kind == PartKind::Head && (!top_head || p->value > top_head->value)) top_head = p;
  ImGui::PushTextWrapPos(0);
  const std::string reading =
      top_head ? trf("attribution.reading_head", {{"what", what}, {"logit", number(a.logit, 2)}, {"sum", number(a.sum, 2)},
                                                   {"part", part_name(*parts[0])}, {"value", signed_number(parts[0]->value)},
                                                   {"head", part_name(*top_head)}})
               : trf("attribution.reading", {{"what", what}, {"logit", number(a.logit, 2)}, {"sum", number(a.sum, 2)},
                                              {"part", part_name(*parts[0])}, {"value", signed_number(parts[0]->value)}});
  ImGui::TextUnformatted(reading.c_str());
  ImGui::PopTextWrapPos();

  const float extent = std::max(1e-6f, std::abs(parts[0]->value));
  const float width = ImGui::GetContentRegionAvail().x, row_h = std::max(1.35f * em(), ImGui::GetFrameHeight()), label_w = 7 * em();
  const float half = std::max(2 * em(), (width - label_w - 4 * em()) / 2);
  ImGui::BeginChild("parts", ImVec2(0, std::min<float>(parts.size() * row_h + em(), 24 * em())));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < parts.size(); ++i) {
    const LogitPart& p = *parts[i];
    ImGui::PushID(static_cast<int>(i));
    const bool clicked = ImGui::InvisibleButton("part", ImVec2(width - ImGui::GetStyle().ScrollbarSize, row_h));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    const ImVec2 o = ImGui::GetItemRectMin();
    const bool current = p.kind == PartKind::Head && p.layer == app.state.layer && p.head == app.state.head;
    dl->AddText(ImVec2(o.x, o.y + 0.15f * em()), ImGui::GetColorU32(current ? ImGuiCol_PlotHistogram : ImGuiCol_Text),
                part_name(p).c_str());
    const float mid = o.x + label_w + half, len = half * std::abs(p.value) / extent;
    const float x0 = p.value >= 0 ? mid : mid - len, x1 = p.value >= 0 ? mid + len : mid;
    dl->AddRectFilled(ImVec2(x0, o.y + 0.2f * em()), ImVec2(std::max(x0 + 1, x1), o.y + row_h - 0.2f * em()),
                      diverging(p.value, extent), 0.1f * em());
    dl->AddLine(ImVec2(mid, o.y), ImVec2(mid, o.y + row_h), ImGui::GetColorU32(ImGuiCol_Border));
    const std::string value = signed_number(p.value);
    const float tx = p.value >= 0 ? x1 + 0.3f * em() : x0 - ImGui::CalcTextSize(value.c_str()).x - 0.3f * em();
    dl->AddText(ImVec2(tx, o.y + 0.15f * em()), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
    if (hovered && p.kind == PartKind::Head)
      ImGui::SetTooltip("%s", trf("attribution.open_head", {{"layer", std::to_string(p.layer)}, {"head", std::to_string(p.head)}}).c_str());
    if (clicked && p.kind == PartKind::Head) {
      app_set_layer_head(app, p.layer, p.head);
      app_set_view(app, View::Heatmap);
    }
  }
  ImGui::EndChild();
}

}  // namespace attn::app
