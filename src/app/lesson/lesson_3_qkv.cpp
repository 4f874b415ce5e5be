// Step 3: the selected token's query and every token's key and value, for the chosen head.
#include <imgui.h>

#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

void LessonQKV(App& app) {
  const Trace& tr = app.session.trace();
  const Config& c = app.session.model().model.config;
  LayerHeadPickers(app);
  ImGui::Text("n_embd = %d is split into %d heads x d_head = %d: this head's Q, K, V have %d numbers per token.", c.n_embd,
              c.n_head, c.head_size(), c.head_size());
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state), HS = tr.head_size;
  const float label_w = 7 * em(), w = std::max(8 * em(), (ImGui::GetContentRegionAvail().x - label_w) / 2 - em());
  const float extent_q = head_extent(tr, &Trace::q, l, h);
  const float extent_kv = std::max(head_extent(tr, &Trace::k, l, h), head_extent(tr, &Trace::v, l, h));
  ImGui::Text("Query of \"%s\"", app.session.tokens()[q].c_str());
  ImGui::SameLine(label_w);
  VectorStrip("query", tr.q(l, h, q), HS, extent_q, w, 1.2f * em());
  ImGui::Dummy(ImVec2(label_w, 0));
  ImGui::SameLine(label_w);
  ImGui::TextDisabled("Key");
  ImGui::SameLine(label_w + w + em());
  ImGui::TextDisabled("Value");
  for (int t = 0; t < tr.n_tokens && t < 24; ++t) {
    ImGui::PushID(t);
    if (t == q) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", app.session.tokens()[t].c_str());
    else ImGui::TextUnformatted(app.session.tokens()[t].c_str());
    ImGui::SameLine(label_w);
    VectorStrip("k", tr.k(l, h, t), HS, extent_kv, w, 0.9f * em());
    ImGui::SameLine(label_w + w + em());
    VectorStrip("v", tr.v(l, h, t), HS, extent_kv, w, 0.9f * em());
    ImGui::PopID();
  }
}

}  // namespace attn::app
