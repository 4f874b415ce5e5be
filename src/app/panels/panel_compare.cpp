// Encoder beside decoder: the same word's attention row in BERT and in GPT-2, on the reader's sentence. The
// second model is the partner (core/partner.h): loaded on request, its query token the one that holds the
// reader's word.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "panels/panels.h"
#include "ui/colors.h"
#include "ui/ui_setup.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// "Encoder · BERT base uncased (encoder)": the picker's name for the model when it has one.
std::string side_title(const App& app, const Session& s) {
  const ModelChoice* m = find_model(app, s.model().name);
  const std::string name = m && !m->label.empty() ? m->label : s.model().name;
  return s.model().model.config.traits.causal ? trf("compare.decoder_title", {{"model", name}})
                                               : trf("compare.encoder_title", {{"model", name}});
}

// The offer to load a partner, its progress, or why it failed.
void PartnerLoader(App& app) {
  Partner& p = app.partner;
  if (!p.loading.empty()) {
    ImGui::TextUnformatted(trf("compare.loading", {{"model", p.loading}}).c_str());
    ImGui::ProgressBar(p.progress < 0 ? 0.0f : static_cast<float>(p.progress), ImVec2(std::min(24 * em(), ImGui::GetContentRegionAvail().x), 0));
    return;
  }
  if (!p.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", p.error.c_str());
  const bool encoder = !app.session.model().model.config.traits.causal;
  ImGui::TextWrapped("%s", encoder ? tr("compare.offer_decoder") : tr("compare.offer_encoder"));
  for (const std::string& name : partner_choices(app)) {
    const ModelChoice* m = find_model(app, name);
    const std::string model = m && !m->label.empty() ? m->label : name == "default" ? std::string(tr("compare.default_model")) : name;
    // The ID after "###" stays the model's name whatever the language.
    const std::string button =
        (m && m->hub && !m->cached ? trf("compare.load_download", {{"model", model}, {"mb", number(m->megabytes, 0)}})
         : m && m->hub            ? trf("compare.load_cached", {{"model", model}})
                                  : trf("compare.load", {{"model", model}})) +
        "###load_" + name;
    SameLineIfFits(ButtonWidth(button.c_str()));
    if (ImGui::Button(button.c_str())) partner_request(app, name);
    RecordItem(app, "load_partner_" + name);
  }
}

// One model's side: its layer and head, then the query's row as tinted chips (a decoder's later tokens at 0%:
// masked). Returns the token clicked, or -1.
int Side(App& app, const Session& s, const AppState& st, bool main_side) {
  const Config& c = s.model().model.config;
  {
    WithFont bold(Type::Heading);
    ImGui::TextWrapped("%s", side_title(app, s).c_str());
  }
  int layer = st.layer, head = st.head;
  const float slider = 7 * em();
  ImGui::PushID(main_side ? "main" : "partner");
  ImGui::SetNextItemWidth(slider);
  bool changed = LabelledSliderInt(tr("compare.layer"), &layer, 0, c.n_layer - 1);
  SameLineIfFits(slider + ImGui::CalcTextSize((std::string(tr("compare.head")) + " 00").c_str()).x + em());
  ImGui::SetNextItemWidth(slider);
  changed |= LabelledSliderInt(tr("compare.head"), &head, 0, c.n_head - 1);
  if (changed) {
    if (main_side) app_set_layer_head(app, layer, head);
    else partner_set_layer_head(app, layer, head);
  }
  const Trace& trace = s.trace();
  const int q = s.selected(st);
  if (q < 0 || trace.n_tokens == 0) {
    ImGui::PopID();
    return -1;
  }
  for (const HeadPattern& p : s.heads())
    if (p.layer == st.layer && p.head == st.head)
      ImGui::TextDisabled("%s", trf("compare.pattern", {{"pattern", pattern_name(p.label)}}).c_str());
  std::vector<float> row = trace.weight_row(st.layer, st.head, q);
  for (int k = 0; k < trace.n_tokens; ++k)
    if (!trace.visible(q, k)) row[k] = -1;  // TokenChips draws a masked key greyed out
  ImGui::TextDisabled("%s", (c.traits.causal ? trf("compare.looks_masked", {{"token", s.tokens()[q]}})
                                             : trf("compare.looks_all", {{"token", s.tokens()[q]}})).c_str());
  const int clicked = TokenChips(main_side ? "cmp_main_chip" : "cmp_partner_chip", s.tokens(), s.ids(), q, &row, &app);
  ImGui::PopID();
  return clicked;
}

}  // namespace

void ShowComparePanel(App& app) {
  if (!app.session.ready()) return;
  Partner& p = app.partner;  // in step with the reader's text and query (app_frame); again below after a click
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr("compare.intro"));
  ImGui::PopTextWrapPos();
  if (!p.loaded()) {
    PartnerLoader(app);
    return;
  }
  const bool wide = ImGui::GetContentRegionAvail().x >= 48 * em();
  const bool main_first = !app.session.model().model.config.traits.causal;  // the encoder on the left
  int clicked_main = -1, clicked_partner = -1;
  const std::function<void()> main_side = [&] { clicked_main = Side(app, app.session, app.state, true); };
  const std::function<void()> partner_side = [&] { clicked_partner = Side(app, p.session, p.state, false); };
  if (wide && ImGui::BeginTable("compare", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX)) {
    ImGui::TableNextColumn();
    (main_first ? main_side : partner_side)();
    ImGui::TableNextColumn();
    (main_first ? partner_side : main_side)();
    ImGui::EndTable();
  } else {
    (main_first ? main_side : partner_side)();
    ImGui::Separator();
    (main_first ? partner_side : main_side)();
  }
  if (clicked_main >= 0) app_select_token(app, clicked_main);
  if (clicked_partner >= 0) {
    // The reader's token that holds the same characters; the partner keeps its own pick if none does ([CLS]).
    const int back = aligned_token(p.spans.partner, clicked_partner, p.spans.main);
    if (back >= 0) app_select_token(app, back);
    else partner_select_token(app, clicked_partner);
  }
  sync_partner(app);
  const std::string reading = partner_reading(app);
  if (!reading.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(reading.c_str());
    ImGui::PopTextWrapPos();
  }
  if (CompactButton(label("compare.close", "close_partner").c_str())) {
    partner_close(app);
  }
}

}  // namespace attn::app
