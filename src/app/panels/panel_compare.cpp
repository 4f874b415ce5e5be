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
  return std::string(s.model().model.config.traits.causal ? "Decoder · " : "Encoder · ") + name;
}

// The offer to load a partner, its progress, or why it failed.
void PartnerLoader(App& app) {
  Partner& p = app.partner;
  if (!p.loading.empty()) {
    ImGui::Text("Loading %s beside it...", p.loading.c_str());
    ImGui::ProgressBar(p.progress < 0 ? 0.0f : static_cast<float>(p.progress), ImVec2(std::min(24 * em(), ImGui::GetContentRegionAvail().x), 0));
    return;
  }
  if (!p.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", p.error.c_str());
  const bool encoder = !app.session.model().model.config.traits.causal;
  ImGui::TextWrapped("%s", encoder ? "Load a decoder beside it to compare: a decoder reads left to right, so each token sees "
                                     "only the tokens before it."
                                   : "Load an encoder beside it to compare: BERT reads the whole sentence at once, so each "
                                     "token sees the tokens after it too.");
  for (const std::string& name : partner_choices(app)) {
    const ModelChoice* m = find_model(app, name);
    const std::string label = m && !m->label.empty() ? m->label : name == "default" ? "the small default GPT-2 (in the page)" : name;
    char button[200];
    if (m && m->hub && !m->cached)
      std::snprintf(button, sizeof button, "Load %s (%.0f MB download)##%s", label.c_str(), m->megabytes, name.c_str());
    else
      std::snprintf(button, sizeof button, "Load %s%s##%s", label.c_str(), m && m->hub ? " (in this browser's cache)" : "", name.c_str());
    SameLineIfFits(ButtonWidth(button));
    if (ImGui::Button(button)) {
      p.request = name;
      p.error.clear();
    }
    RecordItem(app, "load_partner_" + name);
  }
}

// One model's side: its layer and head, then the query's row as tinted chips (a decoder's later tokens at 0%:
// masked). Returns the token clicked, or -1.
int Side(App& app, const Session& s, AppState& st, bool main_side) {
  const Config& c = s.model().model.config;
  {
    WithFont bold(Type::Heading);
    ImGui::TextWrapped("%s", side_title(app, s).c_str());
  }
  int layer = st.layer, head = st.head;
  const float slider = 7 * em();
  ImGui::PushID(main_side ? "main" : "partner");
  ImGui::SetNextItemWidth(slider);
  bool changed = LabelledSliderInt("Layer", &layer, 0, c.n_layer - 1);
  SameLineIfFits(slider + ImGui::CalcTextSize("Head 00").x + em());
  ImGui::SetNextItemWidth(slider);
  changed |= LabelledSliderInt("Head", &head, 0, c.n_head - 1);
  if (changed) {
    if (main_side) app_set_layer_head(app, layer, head);
    else {
      st.layer = std::clamp(layer, 0, c.n_layer - 1);
      st.head = std::clamp(head, 0, c.n_head - 1);
    }
  }
  const Trace& tr = s.trace();
  const int q = s.selected(st);
  if (q < 0 || tr.n_tokens == 0) {
    ImGui::PopID();
    return -1;
  }
  for (const HeadPattern& p : s.heads())
    if (p.layer == st.layer && p.head == st.head) ImGui::TextDisabled("pattern: %s", head_label_name(p.label));
  std::vector<float> row = tr.weight_row(st.layer, st.head, q);
  for (int k = 0; k < tr.n_tokens; ++k)
    if (!tr.visible(q, k)) row[k] = -1;  // TokenChips draws a masked key greyed out
  ImGui::TextDisabled("\"%s\" looks at%s", s.tokens()[q].c_str(), c.traits.causal ? " (later tokens are masked: 0%)" : " every token:");
  const int clicked = TokenChips(main_side ? "cmp_main_chip" : "cmp_partner_chip", s.tokens(), s.ids(), q, &row, &app);
  ImGui::PopID();
  return clicked;
}

}  // namespace

void ShowComparePanel(App& app) {
  if (!app.session.ready()) return;
  Partner& p = app.partner;  // in step with the reader's text and query (app_frame); again below after a click
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted("The same sentence in an encoder and a decoder. Click a word on either side: both show where that "
                         "word looks, in the layer and head chosen above each.");
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
    else p.state.selected = clicked_partner;
  }
  sync_partner(app);
  const std::string reading = partner_reading(app);
  if (!reading.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(reading.c_str());
    ImGui::PopTextWrapPos();
  }
  if (CompactButton("Close the second model")) {
    app.partner.session = Session{};
    app.partner.closed = true;
  }
}

}  // namespace attn::app
