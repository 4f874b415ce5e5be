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
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s layer %d, head %d", off ? "Restore" : "Knock out", l, h);
      if (clicked) app_defer(app, "re-running the model...", [&app, l, h] { app_toggle_knockout(app, l, h); });
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
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f%% \u2192 %.1f%% (%+.1f pp)", 100 * p0, 100 * p1, 100 * (p1 - p0));
    const ImVec2 at = narrow ? ImVec2(x, a.y + 1.5f * em()) : ImVec2(x + bar_w + 0.3f * em(), a.y + 0.3f * em());
    dl->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), buf);
  }
  ImGui::TextDisabled("grey: the whole model; colour: without the knocked-out heads (probabilities over the whole "
                      "vocabulary, at the temperature set beside).");
}

}  // namespace

void ShowAblatePanel(App& app) {
  Session& s = app.session;
  if (!s.ready() || s.clean_trace().n_tokens == 0) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted("What does a head do? Knock it out and see what the model predicts without it. Zero: the "
                         "head's output (what W_O reads from it) becomes 0 at every position. Mean: it becomes its "
                         "average over your text, which removes what the head says about each token but keeps its "
                         "typical size. Later layers' heatmaps change too; the knocked-out head still looks where it "
                         "looked, but nothing reads what it found.");
  ImGui::PopTextWrapPos();
  static const char* kModes[] = {"zero", "mean"};
  int mode = app.state.knock_mode == AblationMode::Mean ? 1 : 0;
  if (ChoiceRow(kModes, 2, &mode)) {
    app.state.knock_mode = mode ? AblationMode::Mean : AblationMode::Zero;
    app_defer(app, "re-running the model...", [&app] { app.session.set_knockout(app.state); });
  }
  if (!app.state.knocked_out.empty()) {
    ImGui::SameLine();
    const bool restore = ImGui::Button("Restore all");
    RecordItem(app, "restore_all");
    if (restore) app_defer(app, "re-running the model...", [&app] { app_set_knockout(app, "", ablation_mode_name(app.state.knock_mode)); });
  }
  HeadToggles(app);
  ImGui::Spacing();
  if (!s.ablating()) {
    ImGui::TextDisabled("Every head is on. Click a head to knock it out.");
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(knockout_reading(app).c_str());
  ImGui::PopTextWrapPos();
  BeforeAfter(app);
}

}  // namespace attn::app
