// Fonts and style for a given device pixel ratio: text rasterised at size × DPR so it stays crisp.
#pragma once
#include <cstddef>

namespace attn::app {

// Builds the font atlas from TTF bytes (not owned; must outlive the atlas) and scales the style by
// `dpr`. Call before the first frame and whenever the DPR changes (then re-create the GL font texture).
bool setup_fonts_and_style(const void* ttf, size_t size, float dpr, float css_font_px = 15.0f);

// Light or dark colours with sizes scaled by `dpr`.
void setup_style(bool dark, float dpr);

}  // namespace attn::app
