// Fonts and style for a given device pixel ratio: text rasterised at size × DPR so it stays crisp.
#pragma once
#include <imgui.h>

#include <cstddef>

namespace attn::app {

// The type scale (CSS px): title 24 and step headings 20 (bold sans), lesson prose 17 (serif), body and
// controls 16 (sans), captions 13.5 (sans). Each is rasterised at size × DPR.
enum class Type { Body, Caption, Heading, Title, Prose };
ImFont* font(Type type);

// Draws with one face of the type scale while in scope.
struct WithFont {
  explicit WithFont(Type type) { ImGui::PushFont(font(type)); }
  ~WithFont() { ImGui::PopFont(); }
  WithFont(const WithFont&) = delete;
  WithFont& operator=(const WithFont&) = delete;
};

// TTF bytes (not owned; they must outlive the atlas): the sans is required, serif and bold fall back to it.
struct FontFiles {
  const void* sans = nullptr;
  size_t sans_size = 0;
  const void* serif = nullptr;
  size_t serif_size = 0;
  const void* bold = nullptr;
  size_t bold_size = 0;
};

// Builds the font atlas and scales the style by `dpr`. Call before the first frame and whenever the DPR
// changes (then re-create the GL font texture).
bool setup_fonts_and_style(const FontFiles& files, float dpr);

// Light or dark colours (ui/palette.h) with sizes scaled by `dpr`; `touch`: 44 CSS px targets.
void setup_style(bool dark, float dpr, bool touch);

}  // namespace attn::app
