// The whole UI of one frame: header, sentence bar, view picker, the view and the next-token bars.
#pragma once
#include "core/app.h"
#include "core/host.h"

namespace attn::app {

// Draws one frame into the current ImGui context (width/height in device pixels).
void app_frame(App& app, const Host& host, float width, float height);

}  // namespace attn::app
