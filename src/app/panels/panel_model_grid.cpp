// Every layer × head as a thumbnail; clicking one opens it in the heatmap.
#include <algorithm>
#include <imgui.h>

#include "ui/colors.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowModelGridPanel(App& app) {
  const Trace& trace = app.session.trace();
  if (trace.n_tokens == 0) return;
  const int L = trace.n_layer, H = trace.n_head, T = trace.n_tokens;
  ImGui::TextWrapped("%s", trf("grid.intro", {{"layers", std::to_string(L)}, {"heads", std::to_string(H)}}).c_str());
  const float label_w = 2.5f * em();
  const float thumb = std::clamp((ImGui::GetContentRegionAvail().x - label_w) / H - 0.4f * em(), 2.5f * em(), 9 * em());
  const int blocks = std::min(T, std::max(1, static_cast<int>(thumb / 2)));  // pool big matrices down
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int l = 0; l < L; ++l) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("L%d", l);
    for (int h = 0; h < H; ++h) {
      ImGui::SameLine(label_w + h * (thumb + 0.4f * em()));
      ImGui::PushID(l * 1000 + h);
      if (ImGui::InvisibleButton("thumb", ImVec2(thumb, thumb))) {
        app_set_layer_head(app, l, h);
        app_set_view(app, View::Heatmap);
      }
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      const ImVec2 a = ImGui::GetItemRectMin();
      const float cell = thumb / blocks;
      for (int br = 0; br < blocks; ++br)
        for (int bc = 0; bc <= (trace.causal ? br : blocks - 1); ++bc) {
          // Max over the block keeps thin diagonals visible when pooled.
          float m = 0;
          for (int r = br * T / blocks; r < (br + 1) * T / blocks; ++r)
            for (int c = bc * T / blocks; c < std::min(trace.keys(r), (bc + 1) * T / blocks); ++c)
              m = std::max(m, trace.weight(l, h, r, c));
          dl->AddRectFilled(ImVec2(a.x + bc * cell, a.y + br * cell), ImVec2(a.x + (bc + 1) * cell, a.y + (br + 1) * cell), viridis(m));
        }
      const Config& config = app.session.model().model.config;
      if (config.n_kv_head < config.n_head)  // grouped-query attention: a bar in the colour of the shared key/value head
        dl->AddRectFilled(ImVec2(a.x, a.y - 0.3f * em()), ImVec2(a.x + thumb, a.y - 0.08f * em()), kv_group_colour(config, h));
      const bool current = l == app.state.layer && h == app.state.head;
      if (current || hovered)
        dl->AddRect(a, ImVec2(a.x + thumb, a.y + thumb), ImGui::GetColorU32(current ? ImGuiCol_PlotHistogram : ImGuiCol_Text), 0, 0,
                    std::max(1.5f, 0.1f * em()));
      const bool off = app.session.ablation().has(l, h);
      if (off) {  // knocked out: dimmed and crossed
        const ImVec2 b(a.x + thumb, a.y + thumb);
        dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.6f));
        dl->AddLine(a, b, ImGui::GetColorU32(ImGuiCol_PlotHistogram), std::max(2.0f, 0.12f * em()));
        dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), ImGui::GetColorU32(ImGuiCol_PlotHistogram), std::max(2.0f, 0.12f * em()));
      }
      if (hovered) {
        const auto& p = app.session.heads()[l * H + h];
        const std::string share = kv_sharing(app.session.model().model.config, h);
        std::string tip = trf("grid.tip", {{"layer", std::to_string(l)}, {"head", std::to_string(h)},
                                           {"pattern", pattern_name(p.label)}, {"pct", percent(p.score, 0)}});
        if (off) tip += std::string("\n") + tr("grid.knocked_out");
        if (!share.empty()) tip += "\n" + share;
        ImGui::SetTooltip("%s", tip.c_str());
      }
    }
    // A knock-out toggle under each thumbnail.
    for (int h = 0; h < H; ++h) {
      if (h == 0) ImGui::Dummy(ImVec2(label_w * 0.5f, 0));
      ImGui::SameLine(label_w + h * (thumb + 0.4f * em()));
      ImGui::PushID(l * 1000 + h);
      const bool off = app.session.ablation().has(l, h);
      // As wide as its thumbnail, so toggles never run into each other; a short word where the long one won't fit.
      std::string toggle = off ? label("grid.restore", "ko") : label("grid.knock_out", "ko");
      if (ButtonWidth(toggle.c_str()) > thumb) toggle = off ? label("grid.on", "ko") : label("grid.off", "ko");
      if (ImGui::Button(toggle.c_str(), ImVec2(thumb, 0))) app_defer(app, tr("grid.rerunning"), [&app, l, h] {
          app_toggle_knockout(app, l, h);
        });
      ImGui::PopID();
    }
  }
  if (app.session.ablating()) ImGui::TextWrapped("%s", knockout_reading(app).c_str());
}

}  // namespace attn::app
