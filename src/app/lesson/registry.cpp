#include "lesson/registry.h"

#include <cstring>

namespace attn::app {

#define STEP(id, function) void function(App& app);
#include "lesson/registry.def"
#undef STEP

namespace {

struct Entry {
  const char* id;
  StepFigure figure;
};

constexpr Entry kSteps[] = {
#define STEP(id, function) {id, function},
#include "lesson/registry.def"
#undef STEP
};

}  // namespace

StepFigure find_step_figure(const std::string& id) {
  for (const Entry& e : kSteps)
    if (id == e.id) return e.figure;
  return nullptr;
}

}  // namespace attn::app
