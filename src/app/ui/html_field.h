// A box for one of the page's HTML fields (web/html_fields.js), or Dear ImGui's own input where there is none.
#pragma once
#include <cstdint>
#include <imgui.h>

#include "core/app.h"

namespace attn::app {

// Draws the field's box with its value in it and lists the field for the page this frame (when the whole
// box is in sight and no menu or list is open over it: an HTML element cannot be clipped, and it would take
// the menu's taps). size.x <= 0 fills the row; size.y <= 0 is one line. Edits arrive through app_set_field().
void HtmlFieldBox(App& app, HtmlField field, ImVec2 size);

// A seed: a number box 5 em wide with "seed" after it (an HTML field in the browser, so a phone opens its
// digit keyboard; Dear ImGui's own input elsewhere), shown with `seed` and changed through app_set_field.
// `label` is what a screen reader announces.
void SeedField(App& app, const char* id, const char* label, uint64_t seed);
float SeedFieldWidth();  // its width with the word after it, for SameLineIfFits

}  // namespace attn::app
