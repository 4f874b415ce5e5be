// libFuzzer: lesson.json parsing never crashes; accepted lessons have 1-32 steps with unique ids and valid quiz answers.
#include <cstdlib>

#include "core/lesson.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lesson = attn::app::parse_lesson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!lesson) return 0;
  if (lesson->steps.empty() || lesson->steps.size() > attn::app::kMaxLessonSteps) std::abort();
  for (size_t i = 0; i < lesson->steps.size(); ++i)
    if (attn::app::find_step(*lesson, lesson->steps[i].id) != static_cast<int>(i)) std::abort();
  for (const auto& s : lesson->steps)
    for (const auto& q : s.quiz)
      if (q.answer < 0 || q.answer >= static_cast<int>(q.choices.size())) std::abort();
  return 0;
}
