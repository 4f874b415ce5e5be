#include "core/lesson.h"

#include "core/i18n.h"

#include "compute/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>

namespace attn::app {
namespace {

bool is_string_array(const nlohmann::json& j) {
  return j.is_array() && std::all_of(j.begin(), j.end(), [](const auto& e) { return e.is_string(); });
}

}  // namespace

Lesson translate_lesson(const Lesson& english, const Lesson& translated) {
  Lesson out = english;
  for (LessonStep& step : out.steps) {
    const int t = find_step(translated, step.id);
    if (t < 0) continue;
    const LessonStep& tr = translated.steps[t];
    step.title = tr.title;
    if (tr.paragraphs.size() == step.paragraphs.size()) step.paragraphs = tr.paragraphs;
    bool same_quiz = tr.quiz.size() == step.quiz.size();
    for (size_t q = 0; same_quiz && q < tr.quiz.size(); ++q)
      same_quiz = tr.quiz[q].choices.size() == step.quiz[q].choices.size() && tr.quiz[q].answer == step.quiz[q].answer;
    if (same_quiz) step.quiz = tr.quiz;
  }
  for (FormulaPart& part : out.formula)
    for (const FormulaPart& tr : translated.formula)
      if (tr.symbol == part.symbol) part.text = tr.text;
  return out;
}

int find_step(const Lesson& lesson, const std::string& id) {
  for (size_t i = 0; i < lesson.steps.size(); ++i)
    if (lesson.steps[i].id == id) return static_cast<int>(i);
  return -1;
}

Expected<Lesson> parse_lesson(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("lesson.json: not a JSON object");
  if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty() || j["steps"].size() > kMaxLessonSteps)
    return fail("lesson.json: 'steps' must be a list of 1 to " + std::to_string(kMaxLessonSteps) + " steps");
  Lesson lesson;
  for (size_t i = 0; i < j["steps"].size(); ++i) {
    const auto& s = j["steps"][i];
    const std::string where = "lesson.json: step " + std::to_string(i + 1);
    if (!s.is_object() || !s.value("title", nlohmann::json()).is_string() || !s.value("id", nlohmann::json()).is_string())
      return fail(where + " needs an id and a title");
    LessonStep step{s["id"], s["title"], {}, {}};
    if (step.id.empty() || step.id.size() > 40 ||
        step.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      return fail(where + ": its id must be 1 to 40 lower-case letters, digits and '_'");
    if (find_step(lesson, step.id) >= 0) return fail(where + ": the id '" + step.id + "' is used twice");
    if (!s.contains("paragraphs") || !is_string_array(s["paragraphs"]) || s["paragraphs"].size() < 2 ||
        s["paragraphs"].size() > 5)
      return fail(where + " needs 2 to 5 paragraphs");
    step.paragraphs = s["paragraphs"].get<std::vector<std::string>>();
    for (const auto& q : s.value("quiz", nlohmann::json::array())) {
      if (!q.is_object() || !q.value("question", nlohmann::json()).is_string() || !q.contains("choices") ||
          !is_string_array(q["choices"]) || q["choices"].size() < 2 || !q.value("answer", nlohmann::json()).is_number_integer() ||
          !q.value("explain", nlohmann::json()).is_string())
        return fail(where + " has a malformed quiz question");
      QuizQuestion quiz{q["question"], q["choices"].get<std::vector<std::string>>(), q["answer"], q["explain"]};
      if (quiz.answer < 0 || quiz.answer >= static_cast<int>(quiz.choices.size()))
        return fail(where + ": the answer of \"" + quiz.question + "\" is not one of its choices");
      step.quiz.push_back(std::move(quiz));
    }
    lesson.steps.push_back(std::move(step));
  }
  for (const auto& f : j.value("formula", nlohmann::json::array()))
    if (f.is_object() && f.value("symbol", nlohmann::json()).is_string() && f.value("text", nlohmann::json()).is_string())
      lesson.formula.push_back({f["symbol"], f["text"]});
  return lesson;
}

bool quiz_correct(const Lesson& lesson, int step, int question, int choice) {
  if (step < 0 || step >= static_cast<int>(lesson.steps.size())) return false;
  const auto& quiz = lesson.steps[step].quiz;
  return question >= 0 && question < static_cast<int>(quiz.size()) && quiz[question].answer == choice;
}

std::string weighted_sum_text(const Trace& tr, const std::vector<std::string>& tokens, int l, int h, int q, int max_terms) {
  if (q < 0 || q >= tr.n_tokens) return "";
  std::vector<int> order(q + 1);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return tr.weight(l, h, q, a) > tr.weight(l, h, q, b); });
  std::string out;
  const int shown = std::min<int>(max_terms, static_cast<int>(order.size()));
  for (int i = 0; i < shown; ++i) out += (i ? " + " : "") + percent(tr.weight(l, h, q, order[i])) + "\u00B7V(" + tokens[order[i]] + ")";
  if (static_cast<int>(order.size()) > shown) out += trf("lesson.n_more", {{"n", std::to_string(order.size() - shown)}});
  return out;
}
}  // namespace attn::app
