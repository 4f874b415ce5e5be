// The causal mask: the head's scaled scores without and with the mask, then each row's softmax.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>

#include "ui/field_controls.h"
#include "ui/colors.h"
#include "ui/matrix_view.h"
#include "panels/panels.h"
#include "ui/widgets.h"

namespace attn::app {

// The same scaled scores softmaxed over every key, (T, T) row-major.
std::vector<float> unmasked_matrix(const Trace& tr, int l, int h) {
  const int T = tr.n_tokens;
  std::vector<float> open(size_t(T) * T);
  for (int r = 0; r < T; ++r) {
    const auto row = unmasked_row(tr, l, h, r);
    std::copy(row.begin(), row.end(), open.begin() + size_t(r) * T);
  }
  return open;
}

// The toggle and its reading; with `matrix`, the unmasked softmax too (step 8 has no row of panels for it).
void EncoderToggle(App& app, bool matrix) {
  const Trace& trace = app.session.trace();
  FieldCheckbox(app, label("mask.encoder_toggle", "encoder_toggle"), &AppState::unmasked);
  RecordItem(app, "encoder_toggle");
  if (!app.state.unmasked) return;
  const int l = app.state.layer, h = app.state.head, T = trace.n_tokens, q = app.session.selected(app.state);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(encoder_reading(trace, app.session.tokens(), l, h, q).c_str());
  ImGui::TextDisabled("%s", tr("mask.encoder_note"));
  ImGui::PopTextWrapPos();
  if (!matrix) return;
  const std::vector<float> open = unmasked_matrix(trace, l, h);
  MatrixView v;
  v.tokens = &app.session.tokens();
  v.n = T;
  v.selected_row = q;
  v.max_size = std::min(ImGui::GetContentRegionAvail().x, 24 * em());
  v.show_labels = T <= 40;
  v.color = [&](int r, int c) { return viridis(open[size_t(r) * T + c]); };
  v.value = [&](int r, int c) { return open[size_t(r) * T + c]; };
  v.label = [&](int r, int c) { return percent(open[size_t(r) * T + c]); };
  ImGui::TextUnformatted(tr("mask.unmasked_title"));
  const MatrixHover hover = DrawMatrix("unmasked", v);
  if (hover.clicked) app_select_token(app, hover.row);
}

// A head's softmax weights over every key (an encoder has no mask), its row `selected` outlined.
static MatrixView encoder_weights(const Session& s, int selected, int l, int h) {
  const Trace& tr = s.trace();
  MatrixView v;
  v.tokens = &s.tokens();
  v.n = tr.n_tokens;
  v.selected_row = selected;
  v.max_size = std::min(ImGui::GetContentRegionAvail().x, 24 * em());
  v.show_labels = tr.n_tokens <= 40;
  v.color = [&tr, l, h](int r, int c) { return viridis(tr.weight(l, h, r, c)); };
  v.value = [&tr, l, h](int r, int c) { return tr.weight(l, h, r, c); };
  v.label = [&tr, l, h](int r, int c) { return percent(tr.weight(l, h, r, c)); };
  return v;
}

// Lesson step 8's encoder: BERT itself when it is loaded (the page's model or the one beside it), else the
// arithmetic toggle on this decoder's scores, and the way to load BERT.
void EncoderComparison(App& app) {
  if (!app.session.model().model.config.traits.causal) {
    ImGui::TextWrapped("%s", tr("mask.is_encoder"));
    if (ImGui::Button(label("mask.put_decoder", "put-decoder").c_str())) app_set_view(app, View::Compare);
    return;
  }
  Partner& p = app.partner;  // kept in step with the reader's text and query every frame (app_frame)
  if (p.loaded() && !p.session.model().model.config.traits.causal && p.session.trace().n_tokens > 0) {
    const Session& bert = p.session;
    const Config& c = bert.model().model.config;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(trf("mask.trained_encoder", {{"model", bert.model().name}, {"layer", std::to_string(p.state.layer)},
                                                        {"head", std::to_string(p.state.head)}}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(8 * em());
    if (int layer = p.state.layer; LabelledSliderInt(tr("mask.bert_layer"), &layer, 0, c.n_layer - 1))
      partner_set_layer_head(app, layer, p.state.head);
    SameLineIfFits(9 * em());
    ImGui::SetNextItemWidth(8 * em());
    if (int head = p.state.head; LabelledSliderInt(tr("mask.bert_head"), &head, 0, c.n_head - 1))
      partner_set_layer_head(app, p.state.layer, head);
    DrawMatrix("bert", encoder_weights(bert, bert.selected(p.state), p.state.layer, p.state.head));
    const std::string reading = partner_reading(app);
    if (!reading.empty()) ImGui::TextWrapped("%s", reading.c_str());
    if (ImGui::Button(label("mask.side_by_side", "side-by-side").c_str())) app_set_view(app, View::Compare);
    return;
  }
  EncoderToggle(app, true);
  if (ImGui::Button(label("mask.load_bert", "load-bert").c_str())) app_set_view(app, View::Compare);
}

void ShowMaskPanel(App& app) {
  const Trace& trace = app.session.trace();
  if (trace.n_tokens == 0) return;
  LayerHeadPickers(app);
  const int l = app.state.layer, h = app.state.head, T = trace.n_tokens;
  if (!trace.causal) {  // an encoder (BERT) has no mask to show: its scores and weights over every key
    ImGui::TextWrapped("%s", tr("mask.encoder_explain"));
    const std::vector<float>& scores = app.session.head_scores(l, h);
    MatrixView v = encoder_weights(app.session, app.session.selected(app.state), l, h);
    v.label = [&](int r, int c) {
      return trf("mask.cell_score", {{"pct", percent(trace.weight(l, h, r, c))}, {"score", number(scores[size_t(r) * T + c], 2)}});
    };
    ImGui::TextUnformatted(tr("mask.every_key_title"));
    const MatrixHover hover = DrawMatrix("encoder", v);
    if (hover.clicked) app_select_token(app, hover.row);
    return;
  }
  ImGui::TextWrapped("%s", tr("mask.decoder_explain"));
  const std::vector<float>& scaled = app.session.head_scores(l, h);  // computed once per text and head
  float extent = 0;
  for (float s : scaled) extent = std::max(extent, std::abs(s));
  const auto score = [&](int r, int c) { return scaled[size_t(r) * T + c]; };

  EncoderToggle(app, false);
  const bool open = app.state.unmasked;  // a fourth panel: the softmax without the mask, beside the causal one
  const int panels = open ? 4 : 3;
  const bool narrow = ImGui::GetContentRegionAvail().x < (open ? 52 : 40) * em();
  const float width = narrow ? ImGui::GetContentRegionAvail().x : (ImGui::GetContentRegionAvail().x - 2 * em()) / panels;
  const std::vector<float> unmasked = open ? unmasked_matrix(trace, l, h) : std::vector<float>{};
  MatrixView v;
  v.tokens = &app.session.tokens();
  v.n = T;
  v.selected_row = app.session.selected(app.state);
  v.max_size = width;
  v.show_labels = T <= 40;

  const char* titles[] = {tr("mask.panel_scores"), tr("mask.panel_masked"), tr("mask.panel_softmax"),
                          tr("mask.panel_unmasked")};
  for (int panel = 0; panel < panels; ++panel) {
    if (panel > 0 && !narrow) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(titles[panel]);
    if (panel < 2) {
      v.color = [&](int r, int c) { return diverging(score(r, c), extent); };
      v.label = [&](int r, int c) { return number(score(r, c), 2); };
      v.hatched = panel == 1 ? std::function<bool(int, int)>([](int r, int c) { return c > r; }) : nullptr;
    } else if (panel == 2) {
      v.color = [&](int r, int c) { return viridis(trace.weight(l, h, r, c)); };
      v.value = [&](int r, int c) { return trace.weight(l, h, r, c); };
      v.label = [&](int r, int c) { return percent(trace.weight(l, h, r, c)); };
      v.hatched = nullptr;
    } else {
      v.color = [&](int r, int c) { return viridis(unmasked[size_t(r) * T + c]); };
      v.label = [&](int r, int c) { return percent(unmasked[size_t(r) * T + c]); };
    }
    ImGui::PushID(panel);
    const MatrixHover hover = DrawMatrix("m", v);
    ImGui::PopID();
    if (hover.clicked) app_select_token(app, hover.row);
    ImGui::EndGroup();
  }
}

}  // namespace attn::app
