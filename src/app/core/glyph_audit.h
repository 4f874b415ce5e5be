// Which characters the page drew this frame, so the UI can count those its font atlas has no glyph for
// (app_state_json's missing_glyphs) and load the glyphs the reader's text needs. Every catalogue string,
// token label and the reader's own text pass through here; the set is cleared each frame.
#pragma once
#include <cstdint>
#include <set>
#include <string_view>

namespace attn::app {

void audit_text(std::string_view utf8);
// The code points seen since the last call, and clears them.
std::set<uint32_t> take_audited_code_points();

}  // namespace attn::app
