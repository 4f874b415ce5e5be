// Which function draws the figure of each lesson step, by the step's id in lesson.json. Adding a step is
// lesson.json + one file with its draw function + one line in registry.def.
#pragma once
#include <string>

#include "core/app.h"

namespace attn::app {

using StepFigure = void (*)(App&);

// The figure of step `id`, or nullptr when no function is registered for it.
StepFigure find_step_figure(const std::string& id);

}  // namespace attn::app
