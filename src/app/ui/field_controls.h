// Controls bound to a field of the reader's state (core/state_fields.def): each shows the field and changes it
// only through the door (core/state_door.h), offering the row's range, so a slider, a link and a test hook
// set the same values the same way.
#pragma once
#include <string>

#include "core/app.h"

namespace attn::app {

bool FieldCheckbox(App& app, const std::string& label, bool AppState::*field);
bool FieldSliderInt(App& app, const char* name, int AppState::*field);
bool FieldSliderFloat(App& app, const char* name, float AppState::*field, const char* format = "%.2f");
// A combo over `count` names; the row's range bounds it too.
bool FieldCombo(App& app, const std::string& label, int AppState::*field, const char* const* names, int count);

}  // namespace attn::app
