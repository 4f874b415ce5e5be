// Next-token bars: the model's distribution after the text; click a bar to append it, or sample.
#include <algorithm>
#include <cstdio>
#include <imgui.h>

#include "panels/panels.h"
#include "ui/html_field.h"
#include "ui/widgets.h"

namespace attn::app {

void ShowNextTokenPanel(App& app) {
  Session& s = app.session;
  AppState& st = app.state;
  if (!s.ready() || s.trace().n_tokens == 0) return;
  const bool encoder = !s.model().model.config.traits.causal;
  if (encoder) {  // BERT: fill the blank, from both sides
    const int pos = s.fill_position(st), q = s.selected(st);
    ImGui::TextUnformatted("Fill the blank");
    HelpMarker("An encoder sees the words on both sides of a [MASK]. The bars are its guesses for the masked position; "
               "click one to put it there. Select a token and press Mask to hide it, or type [MASK] in your text.");
    if (q >= 0 && q < static_cast<int>(s.ids().size()) && !s.model().tokenizer.is_special(s.ids()[q])) {
      const std::string label = "Mask \"" + s.tokens()[q] + "\"";
      if (ImGui::Button(label.c_str())) app_defer(app, "computing...", [&app] { app.session.mask_selected(app.state); });
      RecordItem(app, "mask-token");
    }
    if (s.model().model.head_dense.w.rows() == 0) {
      ImGui::TextWrapped("This checkpoint (a BertModel) has no masked-LM head, so it cannot fill a blank: load a "
                         "BertForMaskedLM one.");
      return;
    }
    if (pos < 0) {
      ImGui::TextWrapped("No [MASK] in the text yet.");
      return;
    }
    ImGui::TextWrapped("Guesses for [MASK] at position %d, reading the %d tokens on both sides:", pos, s.trace().n_tokens - 1);
  } else {
    ImGui::TextUnformatted("What comes next?");
    HelpMarker("The model's probabilities for the next token after your text, after temperature, top-k and top-p. "
               "Click a bar to append that token (in \"What heads write\": to split its logit into parts); Sample draws "
               "one at random with the seed.");
  }
  bool changed = false;
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  changed |= LabelledSliderFloat("temperature", &st.temperature, 0.1f, 2.0f, "%.2f");
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  changed |= LabelledSliderInt("top-k", &st.top_k, 1, 50);
  ImGui::SetNextItemWidth(std::min(12 * em(), ImGui::GetContentRegionAvail().x * 0.6f));
  changed |= LabelledSliderFloat("top-p", &st.top_p, 0.05f, 1.0f, "%.2f");
  if (changed) s.update_sampling(st);

  const Distribution& d = s.next();
  if (s.ablating()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%zu head%s knocked out: the outlines show the whole "
                       "model's bars, the numbers the change.", s.ablation().heads.size(), s.ablation().heads.size() == 1 ? "" : "s");
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
      char buf[32];
      std::snprintf(buf, sizeof buf, " (%+.1f pp)", 100 * (c.sample_prob - before));
      value += buf;
    }
    dl->AddText(ImVec2(a.x + label_w + bar_w + 0.3f * em(), a.y + 0.25f * em()), ImGui::GetColorU32(ImGuiCol_Text), value.c_str());
    // In the "what heads write" view a bar picks the token whose logit is split into parts.
    const bool picks = st.view == View::Attribution;
    if (hovered) ImGui::SetTooltip(picks ? "See what each head writes into \"%s\" (id %d)" : "Append \"%s\" (id %d)", tok.c_str(), c.id);
    if (clicked && picks) st.attr_token = c.id;
    else if (clicked) app_defer(app, "computing...", [&app, rank] { app.session.choose_next(app.state, rank); });
  }
  const bool sample = ImGui::Button("Sample");
  RecordItem(app, "sample");
  if (sample) app_defer(app, "sampling...", [&app] { app.session.sample_next(app.state); });
  SameLineIfFits(ButtonWidth("Undo"));
  if (ImGui::Button("Undo")) app_defer(app, "computing...", [&app] { app.session.undo(app.state); });
  SameLineIfFits(ButtonWidth("Reset"));
  if (ImGui::Button("Reset")) app_defer(app, "computing...", [&app] { app.session.reset(app.state); });
  SameLineIfFits(SeedFieldWidth());
  SeedField(app, "seed", "Sampling seed", &st.seed);
}

}  // namespace attn::app
