// libFuzzer: URL parameters from a hostile link never crash the app and always leave the state in range.
#include <algorithm>
#include <cstdlib>

#include "core/app.h"
#include "core/url_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  attn::app::App app;
  attn::app::apply_fragment(app, std::string(reinterpret_cast<const char*>(data), size));
  const auto& s = app.state;
  if (s.temperature < 0.1f || s.temperature > 2.0f || s.top_k < 1 || s.top_k > 50 || s.top_p < 0.05f || s.top_p > 1.0f ||
      s.step < 0 || s.step >= std::max<int>(1, app.lesson.steps.size()) || s.text.size() > 4 * attn::app::kMaxUrlText)
    std::abort();
  (void)attn::app::state_to_fragment(app);
  return 0;
}
