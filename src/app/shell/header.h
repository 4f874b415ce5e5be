// The page's header (title, model and language pickers, page buttons, the model's line), above the sentence bar.
#pragma once
#include "core/app.h"
#include "core/host.h"

namespace attn::app {

// A phone-width screen: the header's buttons go into a Menu and the views into a list.
bool narrow(float width);

// Title, the model picker, the page's buttons (a menu on a phone) and what the current model is.
void ShowHeader(App& app, const Host& host, float width);

}  // namespace attn::app
