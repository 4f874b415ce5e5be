#include "ui/field_controls.h"

#include <imgui.h>

#include "core/state_door.h"
#include "ui/widgets.h"

namespace attn::app {

bool FieldCheckbox(App& app, const std::string& label, bool AppState::*field) {
  bool v = app.state.*field;
  return ImGui::Checkbox(label.c_str(), &v) && app_set(app, field, v);
}

bool FieldSliderInt(App& app, const char* name, int AppState::*field) {
  const FieldRange r = field_range(field);
  int v = app.state.*field;
  return LabelledSliderInt(name, &v, r.ilo(), r.ihi()) && app_set(app, field, v);
}

bool FieldSliderFloat(App& app, const char* name, float AppState::*field, const char* format) {
  const FieldRange r = field_range(field);
  float v = app.state.*field;
  return LabelledSliderFloat(name, &v, r.flo(), r.fhi(), format) && app_set(app, field, v);
}

bool FieldCombo(App& app, const std::string& label, int AppState::*field, const char* const* names, int count) {
  int v = app.state.*field;
  return ImGui::Combo(label.c_str(), &v, names, count) && app_set(app, field, v);
}

}  // namespace attn::app
