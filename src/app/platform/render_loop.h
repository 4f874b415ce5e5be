// The one main loop web and desktop share, the way Dear ImGui's own GLFW example runs on both.
#pragma once
#include <functional>
#include <imgui.h>

#include "core/app.h"
#include "core/host.h"

namespace attn::app {

// One frame into the current GL context: a new ImGui frame, the app's UI, then the draw. `device_size`
// overrides the display size (the web canvas is sized in device pixels); null keeps GLFW's.
void render_frame(App& app, const Host& host, const ImVec2* device_size);

// Calls `frame` until it returns false: natively a plain loop; on the web the browser's animation loop
// (it never returns there, and `frame`'s result is ignored).
void run_main_loop(std::function<bool()> frame);

}  // namespace attn::app
