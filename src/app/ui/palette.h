// The page's two palettes (see docs/design.md): a warm paper for light, an ink blue-grey for dark, a
// single blue accent, text at AA contrast or better on every surface it is drawn on (checked by a browser test).
#pragma once
#include <cstdint>
#include <string>

namespace attn::app {

struct Palette {
  uint32_t background, surface, surface_hover, surface_active;  // window; text boxes, sliders, chips
  uint32_t text, muted;                                        // body text; captions and hints
  uint32_t button, button_hover, button_active;                // buttons; the active tab
  uint32_t popup, border, accent;                              // menus and tooltips; lines; checks and grabs
};

const Palette& palette(bool dark);  // colours as 0xRRGGBB
std::string palettes_json();        // both, as {"dark": {"text": "#e9e9ee", ...}, "light": {...}}

}  // namespace attn::app
