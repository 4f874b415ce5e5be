// The characters the font atlas holds beyond its fixed ranges, and the check after each frame. Dear ImGui
// 1.86 rasterises a fixed set of glyphs up front, so Chinese (thousands of characters) joins the atlas by need:
// the characters of the Chinese catalogue and lesson when Chinese is chosen, and any the reader's text brings.
// Characters drawn with no glyph are counted (app_state_json's missing_glyphs) and drawn as "□", never "?".
#pragma once
#include <imgui.h>

#include <cstddef>
#include <string_view>

#include "core/app.h"

namespace attn::app {

// The CJK font's bytes (not owned; they must outlive the atlas), or nullptr; `index`: the face in a collection
// (.ttc), e.g. Noto Sans CJK's Simplified Chinese face on the desktop.
void set_cjk_font(const void* data, size_t size, int index = 0);
int cjk_font_index();
const void* cjk_font_data();
size_t cjk_font_size();

// Queues every non-ASCII character of `utf8` that a loaded font has and the atlas lacks.
void queue_glyphs(std::string_view utf8);
// Queues the Chinese catalogue's and the lesson's characters at once: one rebuild, not one per view.
void queue_language_glyphs(const App& app);

// Before the frame is built: strings looked up between frames (the screen-reader summary) were not drawn.
void begin_glyph_audit();
// After the frame is built: the characters drawn without a glyph go to app.frame.missing_glyphs; those a
// loaded font has are queued; a Chinese one with no CJK font loaded sets app.frame.wants_cjk_font.
void check_glyphs(App& app);

// Whether queued characters wait for a rebuild (then call setup_fonts_and_style and re-create the texture).
bool atlas_wants_rebuild();
// The characters beyond the fixed ranges, as ImGui glyph ranges (valid until the next queue).
const ImWchar* extra_glyph_ranges();
void atlas_rebuilt();

}  // namespace attn::app
