// Knock out heads: toggle heads off, zero or mean, and compare the next-token distribution before and after.
#include <algorithm>
#include <cmath>
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// One toggle per head, a row per layer; knocked-out heads are filled with the accent colour.
void HeadToggles(App& app) {
  const Config& c = app.session.model().model.config;
  const float w = std::max(2.75f * em(), std::min(4.5f * em(), (ImGui::GetContentRegionAvail().x - 3 * em()) / c.n_head - 0.3f * em()));
  for (int l = 0; l < c.n_layer; ++l) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("L%d", l);
    for (int h = 0; h < c.n_head; ++h) {
      ImGui::SameLine(3 * em() + h * (w + 0.3f * em()));
      const bool off = app.session.ablation().has(l, h) || std::find(app.state.knocked_out.begin(), app.state.knocked_out.end(),
                                                                      HeadRef{l, h}) != app.state.knocked_out.end();
      if (off) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_PlotHistogram));
      ImGui::PushID(l * 1000 + h);
      char label[16];
      std::snprintf(label, sizeof label, "H%d", h);
      const bool clicked = ImGui::Button(label, ImVec2(w, 0));
      RecordItem(app, "ko" + std::to_string(l) + "." + std::to_string(h));
      ImGui::PopID();
      if (off) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) {
        const std::string tip = off ? trf("ablate.restore_head", {{"layer", std::to_string(l)}, {"head", std::to_string(h)}})
                                    : trf("ablate.knock_out_head", {{"layer", std::to_string(l)}, {"head", std::to_string(h)}});
        ImGui::SetTooltip("%s", tip.c_str());
      }
      if (clicked) app_defer(app, tr("ablate.rerunning"), [&app, l, h] { app_toggle_knockout(app, l, h); });
    }
  }
}

// Before/after bars for the tokens that matter: the likeliest before or after, over the whole vocabulary.
void BeforeAfter(const App& app) {
  const Session& s = app.session;
  const Distribution &before = s.clean_next(), &after = s.next();
  std::vector<int> ids;
  for (const Distribution* d : {&before, &after})
    for (int i = 0; i < std::min<int>(8, d->sorted.size()); ++i)
      if (std::find(ids.begin(), ids.end(), d->sorted[i].id) == ids.end()) ids.push_back(d->sorted[i].id);
  std::stable_sort(ids.begin(), ids.end(), [&](int a, int b) { return before.of(a).prob > before.of(b).prob; });
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Wide: label, bars, numbers on one row. Narrow (a phone): the numbers go on a second line.
  const float width = ImGui::GetContentRegionAvail().x;
  const bool narrow = width < 30 * em();
  const float row_h = narrow ? 2.9f * em() : 1.6f * em();
  const float label_w = std::min(8 * em(), width * 0.3f), text_w = narrow ? 0.0f : 13 * em();
  const float bar_w = std::max(2 * em(), width - label_w - text_w);
  for (int id : ids) {
    const float p0 = before.of(id).prob, p1 = after.of(id).prob;
    ImGui::Dummy(ImVec2(width, row_h));
    const ImVec2 a = ImGui::GetItemRectMin();
    const std::string tok = s.model().tokenizer.display(id);
    dl->PushClipRect(a, ImVec2(a.x + label_w - 0.3f * em(), a.y + row_h), true);
    dl->AddText(ImVec2(a.x, a.y + 0.3f * em()), ImGui::GetColorU32(ImGuiCol_Text), tok.c_str());
    dl->PopClipRect();
    const float x = a.x + label_w;
    dl->AddRectFilled(ImVec2(x, a.y + 0.15f * em()), ImVec2(x + std::max(1.0f, bar_w * p0), a.y + 0.7f * em()),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), 0.15f * em());
    dl->AddRectFilled(ImVec2(x, a.y + 0.8f * em()), ImVec2(x + std::max(1.0f, bar_w * p1), a.y + 1.35f * em()),
                      ImGui::GetColorU32(ImGuiCol_PlotHistogram), 0.15f * em());
    const float delta = 100 * (p1 - p0);
    const std::string change = trf("ablate.change", {{"before", percent(p0)}, {"after", percent(p1)},
                                                     {"delta", (std::signbit(delta) ? "" : "+") + number(delta, 1)}});
    const ImVec2 at = narrow ? ImVec2(x, a.y + 1.5f * em()) : ImVec2(x + bar_w + 0.3f * em(), a.y + 0.3f * em());
    dl->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), change.c_str());
  }
  ImGui::TextDisabled("%s", tr("ablate.legend"));
}

}  // namespace

void ShowAblatePanel(App& app) {
  Session& s = app.session;
  if (!s.ready() || s.clean_trace().n_tokens == 0) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr("ablate.intro"));
  ImGui::PopTextWrapPos();
  const std::string zero = label("ablate.mode_zero", "zero"), mean = label("ablate.mode_mean", "mean");
  const char* modes[] = {zero.c_str(), mean.c_str()};
  int mode = app.state.knock_mode == AblationMode::Mean ? 1 : 0;
  if (ChoiceRow(modes, 2, &mode)) {
    const AblationMode m = mode ? AblationMode::Mean : AblationMode::Zero;
    app_defer(app, tr("ablate.rerunning"), [&app, m] { app_set_knock_mode(app, m); });
  }
  if (!app.state.knocked_out.empty()) {
    ImGui::SameLine();
    const bool restore = ImGui::Button(label("ablate.restore_all", "restore_all").c_str());
    RecordItem(app, "restore_all");
    if (restore) app_defer(app, tr("ablate.rerunning"), [&app] { app_set_knockout(app, "", ablation_mode_name(app.state.knock_mode)); });
  }
  HeadToggles(app);
  ImGui::Spacing();
  if (!s.ablating()) {
    ImGui::TextDisabled("%s", tr("ablate.all_on"));
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(knockout_reading(app).c_str());
  ImGui::PopTextWrapPos();
  BeforeAfter(app);
}

}  // namespace attn::app
