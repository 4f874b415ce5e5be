// The reader's state as a URL fragment ("text=...&view=lesson&step=softmax&...") and back, so a link reproduces
// what the reader sees. Every value is validated: unknown keys are ignored, numbers clamped, text capped.
#pragma once
#include <string>

#include "core/app.h"

namespace attn::app {

constexpr size_t kMaxUrlText = 2000;  // characters of text a link may carry

// "a=1&b=x%20y" for the state (keys in a fixed order; defaults left out to keep links short; lesson steps
// by their id).
std::string state_to_fragment(const App& app);

// Applies "a=1&b=..." (with or without a leading '?' or '#') to the app; returns a note for the reader
// when something was changed to fit (e.g. the text was cut), else "".
std::string apply_fragment(App& app, const std::string& fragment);

std::string url_encode(const std::string& s);
std::string url_decode(const std::string& s);  // invalid escapes are kept literally

}  // namespace attn::app
