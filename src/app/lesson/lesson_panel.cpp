// The lesson: step indicator, title, paragraphs, the step's live figure (found by the step's id in the
// registry), quick checks, Back/Next (buttons, arrow keys, horizontal swipe).
#include <algorithm>
#include <imgui.h>

#include "core/state_door.h"
#include "lesson/registry.h"
#include "panels/panels.h"
#include "ui/ui_setup.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

// The first word of a title, for its button: up to a space, '?' or ':' (ASCII or full-width, for Chinese),
// without a leading Spanish '¿'.
std::string first_word(const std::string& title) {
  const size_t start = title.rfind("\u00BF", 0) == 0 ? std::string("\u00BF").size() : 0;
  size_t end = title.find_first_of(" ?:", start);
  for (const char* stop : {"\uFF1F", "\uFF1A", "\uFF0C"}) end = std::min(end, title.find(stop, start));
  return title.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void StepIndicator(App& app) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  for (int i = 0; i < static_cast<int>(app.lesson.steps.size()); ++i) {
    // The title's own number ("4. Scores") or, for the opening and closing, its first word.
    const std::string& title = app.lesson.steps[i].title;
    const size_t digits = title.find_first_not_of("0123456789");
    const bool numbered = digits > 0 && digits != std::string::npos && title[digits] == '.';
    // The opening and closing: a short name from the catalogue ("Why", «Por qué»), else the title's first word.
    const std::string key = "lesson.button." + app.lesson.steps[i].id;
    const char* named = tr(key.c_str());
    const std::string text = numbered ? title.substr(0, digits) : key != named ? std::string(named) : first_word(title);
    const float width = numbered ? 2.2f * em() : ImGui::CalcTextSize(text.c_str()).x + 2 * style.FramePadding.x;
    // Wrap to a new row rather than run off a narrow screen.
    if (i && ImGui::GetItemRectMax().x + style.ItemSpacing.x + width < right) ImGui::SameLine();
    const bool current = i == app.state.step;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const std::string label = text + "##step" + std::to_string(i);
    if (ImGui::Button(label.c_str(), ImVec2(width, 0))) app_set_step(app, i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.lesson.steps[i].title.c_str());
    if (current) ImGui::PopStyleColor();
  }
}

void Quiz(App& app, const LessonStep& step) {
  for (size_t q = 0; q < step.quiz.size(); ++q) {
    const QuizQuestion& quiz = step.quiz[q];
    ImGui::PushID(static_cast<int>(q));
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.55f, 0.8f, 1.0f, 1), "%s", trf("lesson.ui.quick_check", {{"question", quiz.question}}).c_str());
    const auto key = std::make_pair(app.state.step, static_cast<int>(q));
    const auto it = app.state.quiz.find(key);
    for (size_t c = 0; c < quiz.choices.size(); ++c) {
      ImGui::PushID(static_cast<int>(c));
      const bool chosen = it != app.state.quiz.end() && it->second == static_cast<int>(c);
      // The radio, then its label wrapped beside it (long answers on a phone); the label answers too.
      if (ImGui::RadioButton("##choice", chosen)) app_answer_quiz(app, key.first, key.second, static_cast<int>(c));
      ImGui::SameLine();
      ImGui::TextUnformatted(quiz.choices[c].c_str());
      if (ImGui::IsItemClicked()) app_answer_quiz(app, key.first, key.second, static_cast<int>(c));
      ImGui::PopID();
    }
    if (it != app.state.quiz.end()) {
      const bool right = quiz_correct(app.lesson, app.state.step, static_cast<int>(q), it->second);
      ImGui::PushTextWrapPos(0);
      const std::string verdict = right ? trf("lesson.ui.right", {{"explain", quiz.explain}})
                                        : trf("lesson.ui.not_quite", {{"explain", quiz.explain}});
      ImGui::TextColored(right ? ImVec4(0.4f, 0.9f, 0.5f, 1) : ImVec4(1, 0.6f, 0.4f, 1), "%s", verdict.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::PopID();
  }
}

// Steps 4-7 open on the head that looks most sharply from the query token, step 8 on the layer whose
// heads differ most; one line says so, or offers to go back to it after the reader picked a head.
void FocusLine(App& app, const LessonStep& step) {
  const bool head_step = step_follows_clearest_head(step.id);
  if (!head_step && step.id != "heads_and_mask") return;
  const auto& tokens = app.session.tokens();
  const int q = app.session.selected(app.state);
  ImGui::PushTextWrapPos(0);
  if (app.state.head_by_hand) {
    ImGui::TextDisabled("%s", trf("lesson.ui.your_choice", {{"layer", std::to_string(app.state.layer)},
                                                            {"head", std::to_string(app.state.head)}})
                                  .c_str());
    ImGui::SameLine();
    const std::string back = head_step ? label("lesson.ui.back_to_clearest", "back-to-clearest")
                                       : label("lesson.ui.back_to_varied", "back-to-varied");
    if (CompactButton(back.c_str())) app_set(app, &AppState::head_by_hand, false);
  } else if (head_step) {
    const HeadChoice& c = lesson_focus(app).head;  // fresh even if the text changed in another view
    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s",
                       trf("lesson.ui.clearest_head", {{"layer", std::to_string(c.layer)}, {"head", std::to_string(c.head)},
                                                       {"pct", percent(c.top_weight)}, {"token", tokens[q]},
                                                       {"key", tokens[c.top_key]}})
                           .c_str());
  } else {
    ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram), "%s",
                       trf("lesson.ui.most_varied_layer", {{"layer", std::to_string(app.state.layer)}}).c_str());
  }
  ImGui::PopTextWrapPos();
}

// Arrow keys (when no text box has focus) and a horizontal swipe across the lesson change the step.
void KeysAndSwipe(App& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) app_set_step(app, app.state.step + 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) app_set_step(app, app.state.step - 1);
  }
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) && ImGui::IsMouseReleased(0) && !ImGui::IsAnyItemActive()) {
    const ImVec2 drag = ImGui::GetMouseDragDelta(0, 0);
    if (std::abs(drag.x) > 12 * em() && std::abs(drag.x) > 2 * std::abs(drag.y)) app_set_step(app, app.state.step + (drag.x < 0 ? 1 : -1));
  }
}

}  // namespace

void ShowLessonPanel(App& app) {
  const int n_steps = static_cast<int>(app.lesson.steps.size());
  if (n_steps == 0 || app.state.step >= n_steps) {
    const std::string error = app.lesson_error.empty() ? std::string(tr("lesson.ui.lesson_missing")) : app.lesson_error;
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", trf("lesson.ui.load_error", {{"error", error}}).c_str());
    return;
  }
  if (app.session.trace().n_tokens == 0) {
    ImGui::TextWrapped("%s", tr("lesson.ui.no_text"));
    return;
  }
  KeysAndSwipe(app);
  StepIndicator(app);
  const LessonStep& step = app.lesson.steps[app.state.step];
  ImGui::Spacing();
  {
    WithFont heading(Type::Heading);
    ImGui::TextUnformatted(step.title.c_str());
  }
  {
    // Prose in a readable column: at most ~75 characters a line, however wide the screen.
    WithFont prose(Type::Prose);
    const float column = ImGui::CalcTextSize("abcdefghijklmnopqrstuvwxyz ").x / 27 * 75;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(column, ImGui::GetContentRegionAvail().x));
    for (const auto& p : step.paragraphs) {
      ImGui::TextUnformatted(p.c_str());
      ImGui::Dummy(ImVec2(0, 0.3f * em()));
    }
    ImGui::PopTextWrapPos();
  }
  ImGui::Separator();
  FocusLine(app, step);
  ImGui::PushID(app.state.step);
  if (StepFigure figure = find_step_figure(step.id)) figure(app);
  else ImGui::TextDisabled("%s", trf("lesson.ui.no_figure", {{"id", step.id}}).c_str());
  ImGui::PopID();
  ImGui::Separator();
  Quiz(app, step);
  ImGui::Spacing();
  ImGui::BeginDisabled(app.state.step == 0);
  if (ImGui::Button(label("lesson.ui.back", "back").c_str())) app_set_step(app, app.state.step - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(app.state.step == n_steps - 1);
  if (ImGui::Button(label("lesson.ui.next", "next").c_str())) app_set_step(app, app.state.step + 1);
  ImGui::EndDisabled();
  {
    WithFont caption(Type::Caption);
    // Room for the widest count ("step 10 of 10"), so the line does not jump between steps.
    SameLineIfFits(ImGui::CalcTextSize(trf("lesson.ui.step_of", {{"step", "10"}, {"total", "10"}}).c_str()).x);
    ImGui::TextDisabled(
        "%s", trf("lesson.ui.step_of", {{"step", std::to_string(app.state.step + 1)}, {"total", std::to_string(n_steps)}})
                  .c_str());
  }
}

}  // namespace attn::app
