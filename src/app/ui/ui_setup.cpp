#include "ui/ui_setup.h"

#include <imgui.h>

namespace attn::app {

bool setup_fonts_and_style(const void* ttf, size_t size, float dpr, float css_font_px) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Latin with accents, Greek, Cyrillic, and the symbols the explainer writes: √ · Σ ∞ → ␣ ↵ ⇥ subscripts.
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    b.AddRanges(io.Fonts->GetGlyphRangesCyrillic());
    static const ImWchar extra[] = {0x0100, 0x024F,  // Latin Extended-A/B
                                    0x0370, 0x03FF,  // Greek
                                    0x1D00, 0x1DBF,  // phonetic extensions (ᵀ, ᵢ)
                                    0x2000, 0x206F,  // general punctuation (…, —)
                                    0x2070, 0x209F,  // super- and subscripts
                                    0x2190, 0x21FF,  // arrows (→ ↵ ⇥)
                                    0x2200, 0x22FF,  // mathematical operators (√ Σ ∞ ·)
                                    0x2400, 0x243F,  // control pictures (␣)
                                    0x25A0, 0x25FF,  // geometric shapes
                                    0};
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;
  config.OversampleH = 2;
  if (!io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(size), css_font_px * dpr, &config,
                                      ranges.Data))
    return false;
  io.Fonts->Build();
  setup_style(true, dpr);
  return true;
}

void setup_style(bool dark, float dpr) {
  ImGuiStyle style;
  if (dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_PlotHistogram] = ImVec4(0.85f, 0.45f, 0.05f, 1);  // bars and outlines stay visible
  }
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

}  // namespace attn::app
