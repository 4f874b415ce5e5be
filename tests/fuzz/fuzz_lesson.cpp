// libFuzzer: lesson.json parsing never crashes; accepted lessons have 8 steps and valid quiz answers.
#include <cstdlib>

#include "core/lesson.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lesson = attn::app::parse_lesson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!lesson) return 0;
  if (lesson->steps.size() != 8) std::abort();
  for (const auto& s : lesson->steps)
    for (const auto& q : s.quiz)
      if (q.answer < 0 || q.answer >= static_cast<int>(q.choices.size())) std::abort();
  return 0;
}
