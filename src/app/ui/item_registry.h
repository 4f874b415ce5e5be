// Every interactive item's rectangle each frame, from Dear ImGui's item hooks (built with
// IMGUI_ENABLE_TEST_ENGINE): what the layout tests read through app_layout_json to check that no control
// leaves the screen, covers another, or is too small to tap.
#pragma once
#include "core/app.h"

namespace attn::app {

// Starts collecting into app.frame.items (cleared); ImGui's hooks fill it while the frame is built.
void BeginItemRecording(App& app);

}  // namespace attn::app
