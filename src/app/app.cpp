// [SECTION] frame layout: header · sentence bar · view picker · view + next-token bars
#include "app.h"

#include <imgui.h>

#include "panels.h"
#include "widgets.h"

namespace attn::app {
namespace {

void ShowHeader(App& app) {
  ImGui::TextUnformatted("Attention, explained on a real GPT-2");
  ImGui::SameLine();
  if (app.session.ready()) {
    const Config& c = app.session.model().model.config;
    ImGui::TextDisabled(" model: %s  (%d layers x %d heads, %d dims, vocab %d, context %d)",
                        app.session.model().name.c_str(), c.n_layer, c.n_head, c.n_embd, c.vocab_size, c.n_ctx);
  }
}

void ShowViewPicker(App& app) {
  const char* labels[IM_ARRAYSIZE(kAllViews)];
  int current = 0;
  for (int i = 0; i < IM_ARRAYSIZE(kAllViews); ++i) {
    labels[i] = view_title(kAllViews[i]);
    if (kAllViews[i] == app.state.view) current = i;
  }
  if (ChoiceRow(labels, IM_ARRAYSIZE(kAllViews), &current)) app.state.view = kAllViews[current];
}

void ShowView(App& app) {
  switch (app.state.view) {
    case View::Heatmap: ShowHeatmapPanel(app); break;
    case View::ModelGrid: ShowModelGridPanel(app); break;
    case View::Heads: ShowHeadPatternsPanel(app); break;
    case View::Mask: ShowMaskPanel(app); break;
    case View::Next: ShowNextTokenPanel(app); break;
  }
}

void ShowStatus(const App& app) {
  ImGui::Dummy(ImVec2(0, 3 * em()));
  if (!app.load_error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "The model could not be loaded:");
    ImGui::TextWrapped("%s", app.load_error.c_str());
  } else {
    ImGui::TextUnformatted(app.loading.empty() ? "Waiting for the model..." : app.loading.c_str());
  }
}

}  // namespace

void app_frame(App& app, float width, float height) {
  app.layout.clear();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("explainer", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  ShowHeader(app);
  if (!app.session.ready() || !app.load_error.empty()) {
    ShowStatus(app);
    ImGui::End();
    return;
  }
  ShowSentenceBar(app);
  ImGui::Separator();
  ShowViewPicker(app);

  // Wide screens: the view on the left, the next-token bars on the right. Narrow: one column.
  const bool wide = width > 60 * em();
  const bool bars_beside = wide && app.state.view != View::Next;
  const float bars_w = bars_beside ? std::max(18 * em(), width * 0.28f) : 0.0f;
  ImGui::BeginChild("view", ImVec2(bars_beside ? -bars_w : 0, wide ? 0 : 0), false,
                    wide ? 0 : ImGuiWindowFlags_AlwaysVerticalScrollbar);
  ShowView(app);
  if (!wide && app.state.view != View::Next) {
    ImGui::Separator();
    ShowNextTokenPanel(app);
  }
  ImGui::EndChild();
  if (bars_beside) {
    ImGui::SameLine();
    ImGui::BeginChild("bars", ImVec2(0, 0), true);
    ShowNextTokenPanel(app);
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace attn::app
