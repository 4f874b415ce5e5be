// Step 3: the selected token's query and every token's key and value, for the chosen head.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonQKV(App& app) {
  const Trace& trace = app.session.trace();
  const Config& c = app.session.model().model.config;
  LayerHeadPickers(app);
  ImGui::TextUnformatted(trf("lesson.qkv.split", {{"n_embd", std::to_string(c.n_embd)}, {"n_head", std::to_string(c.n_head)},
                                                  {"d_head", std::to_string(c.head_size())}})
                             .c_str());
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = trace.head_size;
  const float label_w = 7 * em(), w = std::max(8 * em(), (ImGui::GetContentRegionAvail().x - label_w) / 2 - em());
  const float extent_q = head_extent(trace, &Trace::q, l, h);
  const float extent_kv = std::max(head_extent(trace, &Trace::k, l, h), head_extent(trace, &Trace::v, l, h));
  ImGui::TextUnformatted(trf("lesson.qkv.query_of", {{"token", app.session.tokens()[q]}}).c_str());
  ImGui::SameLine(label_w);
  VectorStrip("query", trace.q(l, h, q), HS, extent_q, w, 1.2f * em());
  ImGui::Dummy(ImVec2(label_w, 0));
  ImGui::SameLine(label_w);
  ImGui::TextDisabled("%s", tr("lesson.qkv.key"));
  ImGui::SameLine(label_w + w + em());
  ImGui::TextDisabled("%s", tr("lesson.qkv.value"));
  for (int t = 0; t < trace.n_tokens && t < 24; ++t) {
    ImGui::PushID(t);
    if (t == q) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", app.session.tokens()[t].c_str());
    else ImGui::TextUnformatted(app.session.tokens()[t].c_str());
    ImGui::SameLine(label_w);
    VectorStrip("k", trace.k(l, h, t), HS, extent_kv, w, 0.9f * em());
    ImGui::SameLine(label_w + w + em());
    VectorStrip("v", trace.v(l, h, t), HS, extent_kv, w, 0.9f * em());
    ImGui::PopID();
  }
}

}  // namespace attn::app
