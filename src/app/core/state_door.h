// The one door for a field of the reader's state that needs no more than its row in core/state_fields.def:
// sliders, checkboxes, combos, the 3D camera, the theme, and a link's value for that row. Numbers are clamped
// to the row's range (a NaN is refused), then what the change implies is done: the sampler's settings
// re-sample the bars; sorting by score and by induction exclude each other. Fields with an action of their
// own (text, view, layer/head, query token, knock-out, step, quiz, attribution, words) are refused here; the
// seeds are plain rows (any number in their range).
#pragma once
#include "core/state_codecs.h"

namespace attn::app {

// Returns false (nothing changed) for a field that has an action of its own, or a value that is not a number.
template <class T>
bool app_set(App& app, T AppState::*field, T value);

// The row's range for such a field (what its control offers); {0, 0} for any other.
template <class T>
FieldRange field_range(T AppState::*field);

}  // namespace attn::app
