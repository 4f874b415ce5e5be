// Next-token bars: the model's distribution after the text; click a bar to append it, or sample.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>

#include "core/state_codecs.h"  // kFieldRange: the state table's ranges
#include "panels/panels.h"
#include "ui/field_controls.h"
#include "ui/html_field.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowNextTokenPanel(App& app) {
  Session& s = app.session;
  const AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0) return;
  const bool encoder = !s.model().model.config.traits.causal;
  if (encoder) {  // BERT: fill the blank, from both sides
    const int pos = s.fill_position(st), q = s.selected(st);
    ImGui::TextUnformatted(tr("next.fill_title"));
    HelpMarker(tr("next.fill_help"));
    if (q >= 0 && q < static_cast<int>(s.ids().size()) && !s.model().tokenizer.is_special(s.ids()[q])) {
      const std::string mask = trf("next.mask_token", {{"token", s.tokens()[q]}}) + "###mask-token";
      if (ImGui::Button(mask.c_str())) app_defer(app, tr("next.computing"), [&app] { app_mask_selected(app); });
      RecordItem(app, "mask-token");
    }
    if (s.model().model.head_dense.w.rows() == 0) {
      ImGui::TextWrapped("%s", tr("next.no_mlm_head"));
      return;
    }
    if (pos < 0) {
      ImGui::TextWrapped("%s", tr("next.no_mask"));
      return;
    }
    ImGui::TextWrapped("%s", trn("next.guesses", s.trace().n_tokens - 1, {{"pos", std::to_string(pos)}}).c_str());
  } else {
    ImGui::TextUnformatted(tr("next.title"));
    HelpMarker(tr("next.help"));
  }
  // The door re-samples the bars when one of these changes.
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  FieldSliderFloat(app, tr("next.temperature"), &AppState::temperature);
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  FieldSliderInt(app, "top-k", &AppState::top_k);
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  FieldSliderFloat(app, "top-p", &AppState::top_p);

  const Distribution& d = s.next();
  if (s.ablating()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s",
                       trn("next.knocked_out", static_cast<long long>(s.ablation().heads.size())).c_str());
    ImGui::PopTextWrapPos();
  }
  const float width = ImGui::GetContentRegionAvail().x;
  const float bar_h = std::max(1.5f * em(), ImGui::GetFrameHeight());  // a 44 px target on a touch screen
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int shown = std::min(d.kept, std::max(st.top_k, 1));
  for (int rank = 0; rank < shown; ++rank) {
    const Candidate& c = d.sorted[rank];
    ImGui::PushID(rank);
    const bool clicked = ImGui::InvisibleButton("bar", ImVec2(width, bar_h));
    const bool hovered = ImGui::IsItemHovered();
    RecordItem(app, "bar" + std::to_string(rank));
    ImGui::PopID();
    const ImVec2 a = ImGui::GetItemRectMin();
    const float label_w = std::min(9 * em(), width * 0.45f);
    const float bar_w = (width - label_w - 4 * em()) * c.sample_prob;
    dl->AddRectFilled(ImVec2(a.x + label_w, a.y + 0.15f * em()), ImVec2(a.x + label_w + std::max(1.0f, bar_w), a.y + bar_h - 0.15f * em()),
                      ImGui::GetColorU32(hovered ? ImGuiCol_PlotHistogramHovered : ImGuiCol_PlotHistogram), 0.2f * em());
    const std::string tok = s.model().tokenizer.display(c.id);
    dl->PushClipRect(a, ImVec2(a.x + label_w - 0.3f * em(), a.y + bar_h), true);
    dl->AddText(ImVec2(a.x, a.y + 0.25f * em()), ImGui::GetColorU32(ImGuiCol_Text), tok.c_str());
    dl->PopClipRect();
    std::string value = percent(c.sample_prob);
    if (s.ablating()) {  // the whole model's bar for the same token, as an outline, and the change
      const float before = s.clean_next().of(c.id).sample_prob;
      const float before_w = (width - label_w - 4 * em()) * before;
      dl->AddRect(ImVec2(a.x + label_w, a.y + 0.15f * em()), ImVec2(a.x + label_w + std::max(1.0f, before_w), a.y + bar_h - 0.15f * em()),
                  ImGui::GetColorU32(ImGuiCol_Text), 0.2f * em());
      const float change = 100 * (c.sample_prob - before);
      value += " " + trf("next.change_pp", {{"change", (std::signbit(change) ? "" : "+") + number(change, 1)}});
    }
    dl->AddText(ImVec2(a.x + label_w + bar_w + 0.3f * em(), a.y + 0.25f * em()), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
    // In the "what heads write" view a bar picks the token whose logit is split into parts.
    const bool picks = st.view == View::Attribution;
    if (hovered)
      ImGui::SetTooltip("%s", (picks ? trf("next.tip_attribution", {{"token", tok}, {"id", std::to_string(c.id)}})
                                     : trf("next.tip_append", {{"token", tok}, {"id", std::to_string(c.id)}})).c_str());
    if (clicked && picks) app_set_attribution(app, c.id, st.attr_versus);
    else if (clicked) app_defer(app, tr("next.computing"), [&app, rank] { app_choose_next(app, rank); });
  }
  const bool sample = ImGui::Button(label("next.sample", "Sample").c_str());
  RecordItem(app, "sample");
  if (sample) app_defer(app, tr("next.sampling"), [&app] { app_sample_next(app); });
  const std::string undo = label("next.undo", "Undo"), reset = label("next.reset", "Reset");
  SameLineIfFits(ButtonWidth(undo.c_str()));
  if (ImGui::Button(undo.c_str())) app_defer(app, tr("next.computing"), [&app] { app_undo(app); });
  SameLineIfFits(ButtonWidth(reset.c_str()));
  if (ImGui::Button(reset.c_str())) app_defer(app, tr("next.computing"), [&app] { app_reset(app); });
  SameLineIfFits(SeedFieldWidth());
  SeedField(app, "seed", tr("next.seed_label"), st.seed);
}

}  // namespace attn::app
