// The lesson's texts and quizzes (assets/lesson.json), and the numbers the steps write out.
// GL-free: parsed, validated and checked natively in tests.
#pragma once
#include "analysis/head_choice.h"  // row_softmax: a query's softmax, scaled or not (the lesson's step 5)
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"
#include "compute/ops.h"
#include "run/trace.h"

namespace attn::app {

struct QuizQuestion {
  std::string question;
  std::vector<std::string> choices;
  int answer = 0;
  std::string explain;
};

struct LessonStep {
  std::string id, title;
  std::vector<std::string> paragraphs;
  std::vector<QuizQuestion> quiz;
};

struct FormulaPart {
  std::string symbol, text;
};

struct Lesson {
  std::vector<LessonStep> steps;  // 1..kMaxLessonSteps, ids unique
  std::vector<FormulaPart> formula;
};

constexpr int kMaxLessonSteps = 32;

// Parses and checks lesson.json: 1–32 steps, each with a unique id (lower-case letters, digits, '_'), a
// title, 2–5 paragraphs, quizzes whose answer is one of their choices. Errors are one line naming the step.
Expected<Lesson> parse_lesson(std::string_view json_text);

// The English lesson with a translation laid over it: each step of `english` takes the translated step with
// the same id (title, paragraphs; its quiz only when it asks the same questions with the same choices and
// answers), formula texts by symbol. Anything the translation lacks stays English.
Lesson translate_lesson(const Lesson& english, const Lesson& translated);

// The index of the step with this id, or -1. Links name steps by id, so adding a step moves no link.
int find_step(const Lesson& lesson, const std::string& id);

// Whether `choice` answers question q of step s.
bool quiz_correct(const Lesson& lesson, int step, int question, int choice);

// "37.3%·V(the) + 45.6%·V(animal) + …": the weighted sum for one query, largest weights first, up to
// max_terms terms (the rest summarised as "+ n more").
std::string weighted_sum_text(const Trace& trace, const std::vector<std::string>& tokens, int layer, int head,
                              int query, int max_terms = 4);

}  // namespace attn::app
