// The app's shell, laying out the frame: header (shell/header.cpp) · sentence bar · view picker · view + next-token bars
#include "shell/frame.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <utility>


#include "panels/panels.h"
#include "core/glyph_audit.h"
#include "ui/glyphs.h"
#include "shell/header.h"
#include "ui/item_registry.h"
#include "ui/ui_setup.h"
#include "core/url_state.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// The views: a row of tabs (wrapping), or on a phone one list that takes a single row.
void ShowViewPicker(App& app, float width) {
  const char* labels[IM_ARRAYSIZE(kAllViews)];
  int current = 0;
  for (int i = 0; i < IM_ARRAYSIZE(kAllViews); ++i) {
    labels[i] = view_title(kAllViews[i]);
    // An encoder has no next token: its bars fill the blank.
    if (kAllViews[i] == View::Next && app.session.ready() && !app.session.model().model.config.traits.causal) labels[i] = tr("frame.fill_blank");
    if (kAllViews[i] == app.state.view) current = i;
  }
  if (!narrow(width)) {
    if (ChoiceRow(labels, IM_ARRAYSIZE(kAllViews), &current)) app_set_view(app, kAllViews[current]);
    return;
  }
  ImGui::SetNextItemWidth(-1);
  const std::string preview = trf("frame.view_prefix", {{"view", labels[current]}});
  const bool open = ImGui::BeginCombo("##views", preview.c_str(), ImGuiComboFlags_HeightLargest);
  RecordItem(app, "view-menu");
  if (!open) return;
  for (int i = 0; i < IM_ARRAYSIZE(kAllViews); ++i)
    if (ImGui::Selectable(labels[i], i == current)) app_set_view(app, kAllViews[i]);
  ImGui::EndCombo();
}

void ShowView(App& app) {
  switch (app.state.view) {  // the table's panels (core/views.def)
#define ATTN_VIEW(name, id, title, panel, bars) \
  case View::name: panel(app); break;
#include "core/views.def"
#undef ATTN_VIEW
  }
}

void ShowStatus(const App& app) {
  ImGui::Dummy(ImVec2(0, 3 * em()));
  if (app.session.busy()) {  // a long text, read a chunk a frame so the page keeps answering
    const auto [done, total] = app.session.progress();
    ImGui::TextUnformatted(trf("frame.reading", {{"done", std::to_string(done)}, {"total", std::to_string(total)}}).c_str());
    ImGui::ProgressBar(total ? float(done) / float(total) : 0.0f, ImVec2(std::min(30 * em(), ImGui::GetContentRegionAvail().x), 0), "");
  } else if (!app.status.load_error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", tr("frame.load_failed"));
    ImGui::TextWrapped("%s", app.status.load_error.c_str());
  } else {
    ImGui::TextUnformatted(tr("frame.waiting"));
  }
}

}  // namespace

// A small rotating arc and the label of the work in progress, top right.
void ShowSpinner(const App& app, float width) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const float r = 0.6f * em();
  const ImVec2 c(width - 1.5f * em(), 1.2f * em());
  const float t = static_cast<float>(ImGui::GetTime()) * 6.0f;
  dl->PathArcTo(c, r, t, t + 4.5f, 24);
  dl->PathStroke(ImGui::GetColorU32(ImGuiCol_PlotHistogram), 0, std::max(2.0f, 0.15f * em()));
  const ImVec2 size = ImGui::CalcTextSize(app.frame.pending_label.c_str());
  dl->AddText(ImVec2(c.x - r - 0.5f * em() - size.x, c.y - size.y * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
              app.frame.pending_label.c_str());
}

// The iframe snippet for the current view, with a Copy button.
void ShowEmbedCode(App& app, const Host& host) {
  if (!app.frame.show_embed_code) return;
  ImGui::BeginChild("embed-code", ImVec2(0, 7.5f * em()), true);
  ImGui::TextUnformatted(tr("frame.embed_intro"));
  std::string code = embed_code(app, host.page_url);
  ImGui::InputTextMultiline("##code", code.data(), code.size() + 1, ImVec2(-8 * em(), 4.5f * em()), ImGuiInputTextFlags_ReadOnly);
  ImGui::SameLine();
  if (ImGui::Button(label("frame.copy", "copy").c_str()) && host.copy_text) host.copy_text(code);
  ImGui::EndChild();
}

// Touch screens: a finger dragged over text or empty space scrolls the panel under it, as in any page
// (ImGui itself scrolls only with a wheel or a scrollbar). A drag that starts on a control stays the control's.
void TouchScroll(App& app) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // A press on empty space makes the window's own (move) id active; a press on a control makes the control's.
  const bool on_control = g.ActiveId != 0 && !(g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
  if (!app.frame.touch || on_control || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) return;
  ImGuiWindow* w = g.HoveredWindow;
  while (w && w->ScrollMax.y <= 0 && w->ParentWindow) w = w->ParentWindow;  // the nearest one that scrolls
  if (w && w->ScrollMax.y > 0) ImGui::SetScrollY(w, std::clamp(w->Scroll.y - g.IO.MouseDelta.y, 0.0f, w->ScrollMax.y));
}

// Keys: [ and ] move the query token, 1-9 choose a next-token bar (when no text box has focus).
void Keyboard(App& app) {
  if (ImGui::GetIO().WantTextInput || !app.session.ready()) return;
  const int n = static_cast<int>(app.session.ids().size()), q = app.session.selected(app.state);
  if (ImGui::IsKeyPressed('[') && q > 0) app_select_token(app, q - 1);
  if (ImGui::IsKeyPressed(']') && q + 1 < n) app_select_token(app, q + 1);
  for (int k = 0; k < 9; ++k)
    if (ImGui::IsKeyPressed('1' + k) && k < app.session.next().kept)
      app_defer(app, tr("frame.computing"), [&app, k] { app_choose_next(app, k); });
}

// An article embed: one view, sized for a column, with a link to the full explainer.
void EmbedFrame(App& app, const Host& host, float width) {
  if (app.state.controls) {
    ShowSentenceBar(app);
  } else {
    ImGui::TextWrapped("%s", app.state.text.c_str());
  }
  if (host.open_full) {
    const std::string open = label("frame.open_full", "open-full");
    ImGui::SameLine(std::max(0.0f, width - ImGui::CalcTextSize(open.c_str(), nullptr, true).x - 2 * em()));
    if (CompactButton(open.c_str())) host.open_full();
  }
  ImGui::Separator();
  ShowView(app);
  if (view_embeds_bars(app.state.view)) {
    ImGui::Separator();
    ShowNextTokenPanel(app);
  }
}

static void app_frame_body(App& app, const Host& host, float width, float height);

void app_frame(App& app, const Host& host, float width, float height) {
  begin_glyph_audit();
  app.frame.wants_cjk_font = false;
  // A link asked for another language (core/state_codecs.cpp LangCodec): the host fetches its files, once.
  if (!app.status.asked_lang.empty() && host.set_language) host.set_language(std::exchange(app.status.asked_lang, std::string()));
  app_frame_body(app, host, width, height);
  // What was drawn with no glyph, and which characters the atlas gains before the next frame.
  if (app.session.ready())
    for (int i = 0; i < app.session.next().kept && i < 50; ++i)
      audit_text(app.session.model().tokenizer.display(app.session.next().sorted[i].id));
  if (app.partner.session.ready())
    for (const std::string& t : app.partner.session.tokens()) audit_text(t);
  check_glyphs(app);
}

static void app_frame_body(App& app, const Host& host, float width, float height) {
  app.frame.layout.clear();
  BeginItemRecording(app);
  app.frame.html_fields.clear();
  if (const int dark = dark_theme(app); dark != app.frame.applied_theme) {
    setup_style(dark, app.frame.dpr, app.frame.touch);
    app.frame.applied_theme = dark;
  }
  Keyboard(app);
  if (app.frame.pending) {  // queued last frame, after the spinner was drawn
    auto work = std::move(app.frame.pending);
    app.frame.pending = nullptr;
    work();
  }
  if (app.session.busy()) app.session.advance(app.state, 25.0);  // a long text: the next chunk, within a frame's budget
  // The logit lens: its selected column was drawn at once; the rest of the grid, within a frame's budget.
  if (app.state.view == View::Lens && app.session.ready() && app.session.lens_filling()) app.session.fill_lens(20.0);
  follow_lesson_focus(app);
  sync_partner(app);  // the second model follows the text and query on every view (cheap when nothing changed)
  TouchScroll(app);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::Begin("explainer", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushTextWrapPos(0);  // text wraps at the window's edge: nothing is cut off on a narrow screen
  if (!app.state.embed) ShowHeader(app, host, width);
  if (!app.session.ready() || !app.status.load_error.empty()) {
    ShowStatus(app);
    ImGui::PopTextWrapPos();
    ImGui::End();
    return;
  }
  if (app.state.embed) {
    EmbedFrame(app, host, width);
    app.frame.content_height = ImGui::GetCursorPosY();
    if (app.frame.pending) ShowSpinner(app, width);
    ImGui::PopTextWrapPos();
    ImGui::End();
    return;
  }
  ShowEmbedCode(app, host);
  ShowSentenceBar(app);
  ImGui::Separator();
  ShowViewPicker(app, width);

  // Wide screens: the view on the left, the next-token bars on the right. Narrow: one column.
  const bool wide = width > 60 * em();  // below ~900 CSS px: one column
  const bool bars_beside = wide && app.state.view != View::Next;
  const float bars_w = bars_beside ? std::max(18 * em(), width * 0.28f) : 0.0f;
  // One column: the view keeps most of a screen's height even below a tall header; the page scrolls to it.
  const float view_h = wide ? 0.0f : std::max(ImGui::GetContentRegionAvail().y, 0.8f * height);
  ImGui::BeginChild("view", ImVec2(bars_beside ? -bars_w : 0, view_h), false,
                    wide ? 0 : ImGuiWindowFlags_AlwaysVerticalScrollbar);
  ImGui::PushTextWrapPos(0);
  ShowView(app);
  if (!wide && app.state.view != View::Next) {
    ImGui::Separator();
    ShowNextTokenPanel(app);
  }
  ImGui::PopTextWrapPos();
  // The view's box and where its content ends (device px), for the layout test's blank-band check.
  const ImVec2 view_pos = ImGui::GetWindowPos(), view_size = ImGui::GetWindowSize();
  app.frame.layout["view-area"] = {view_pos.x, view_pos.y, view_size.x, view_size.y};
  app.frame.layout["view-end"] = {view_pos.x, ImGui::GetCursorScreenPos().y, 0, 0};
  ImGui::EndChild();
  if (bars_beside) {
    ImGui::SameLine();
    ImGui::BeginChild("bars", ImVec2(0, 0), true);
    ImGui::PushTextWrapPos(0);
    ShowNextTokenPanel(app);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
  }
  if (app.frame.pending) ShowSpinner(app, width);
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace attn::app
