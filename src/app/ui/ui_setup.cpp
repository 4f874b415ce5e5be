#include "ui/ui_setup.h"

#include <imgui.h>

#include "ui/glyphs.h"
#include "ui/palette.h"

namespace attn::app {

namespace {

ImFont* g_fonts[5] = {};

}  // namespace

ImFont* font(Type type) {
  ImFont* f = g_fonts[static_cast<int>(type)];
  return f ? f : ImGui::GetFont();
}

bool setup_fonts_and_style(const FontFiles& files, float dpr) {
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
                                    0x27E8, 0x27E9,  // ⟨ ⟩ around a byte token's hex
                                    0x2C60, 0x2C7F,  // Latin Extended-C (the formula's ⱼ)
                                    0};
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;
  config.OversampleH = 2;
  const auto add = [&](const void* ttf, size_t size, float css_px) {
    if (!ttf || !size) ttf = files.sans, size = files.sans_size;
    return io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(size), css_px * dpr, &config, ranges.Data);
  };
  // Chinese characters (ui/glyphs.h): merged into every face from the CJK font, only those in use.
  const ImWchar* extra = extra_glyph_ranges();
  const auto add_with_cjk = [&](const void* ttf, size_t size, float css_px) {
    ImFont* f = add(ttf, size, css_px);
    if (f && cjk_font_data() && extra[0]) {
      ImFontConfig merge = config;
      merge.MergeMode = true;
      merge.OversampleH = 1;  // dense glyphs: oversampling would double the atlas for no visible gain
      merge.FontNo = cjk_font_index();
      io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(cjk_font_data()), static_cast<int>(cjk_font_size()), css_px * dpr,
                                     &merge, extra);
    }
    return f;
  };
  // The first font added is ImGui's default: the body text.
  g_fonts[int(Type::Body)] = add_with_cjk(files.sans, files.sans_size, 16.0f);
  if (!g_fonts[int(Type::Body)]) return false;
  g_fonts[int(Type::Caption)] = add_with_cjk(files.sans, files.sans_size, 13.5f);
  g_fonts[int(Type::Heading)] = add_with_cjk(files.bold, files.bold_size, 20.0f);
  g_fonts[int(Type::Title)] = add_with_cjk(files.bold, files.bold_size, 24.0f);
  g_fonts[int(Type::Prose)] = add_with_cjk(files.serif, files.serif_size, 17.0f);
  // Many Chinese glyphs: a wider atlas, so its height (rounded up to a power of two) stays within 4096.
  io.Fonts->TexDesiredWidth = extra[0] && cjk_font_data() ? 4096 : 0;
  if (!io.Fonts->Build()) return false;
  atlas_rebuilt();
  // A character with no glyph is drawn as a white square (tofu), never as "?" that reads as text.
  for (ImFont* f : io.Fonts->Fonts) {
    f->FallbackChar = 0x25A1;  // □
    f->BuildLookupTable();
  }
  setup_style(true, dpr, false);
  return true;
}

namespace {

ImVec4 rgb(uint32_t c, float alpha = 1) {
  return ImVec4(((c >> 16) & 0xFF) / 255.0f, ((c >> 8) & 0xFF) / 255.0f, (c & 0xFF) / 255.0f, alpha);
}

}  // namespace

void setup_style(bool dark, float dpr, bool touch) {
  ImGuiStyle style;
  if (dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  const Palette& p = palette(dark);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = rgb(p.background);
  c[ImGuiCol_ChildBg] = rgb(p.background, 0);
  c[ImGuiCol_PopupBg] = rgb(p.popup);
  c[ImGuiCol_Text] = rgb(p.text);
  c[ImGuiCol_TextDisabled] = rgb(p.muted);
  c[ImGuiCol_Border] = c[ImGuiCol_Separator] = rgb(p.border);
  c[ImGuiCol_FrameBg] = rgb(p.surface);
  c[ImGuiCol_FrameBgHovered] = rgb(p.surface_hover);
  c[ImGuiCol_FrameBgActive] = rgb(p.surface_active);
  c[ImGuiCol_Button] = c[ImGuiCol_Header] = rgb(p.button);
  c[ImGuiCol_ButtonHovered] = c[ImGuiCol_HeaderHovered] = rgb(p.button_hover);
  c[ImGuiCol_ButtonActive] = c[ImGuiCol_HeaderActive] = rgb(p.button_active);
  c[ImGuiCol_CheckMark] = c[ImGuiCol_SliderGrab] = c[ImGuiCol_SliderGrabActive] = rgb(p.accent);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.85f, 0.45f, 0.05f, 1);  // the next-token bars: orange on both
  // Calm, roomy, rounded: more air between rows than ImGui's default, rounded controls.
  style.WindowRounding = 0;
  style.FrameRounding = 6;
  style.GrabRounding = 6;
  style.ChildRounding = 6;
  style.PopupRounding = 6;
  style.FramePadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 7);
  style.ItemInnerSpacing = ImVec2(6, 5);
  style.WindowPadding = ImVec2(12, 10);
  if (touch) {  // every control a 44 CSS px target (16 px text + 2 × 14)
    style.FramePadding = ImVec2(12, 14);
    style.ItemSpacing = ImVec2(10, 10);
    style.GrabMinSize = 28;
    style.ScrollbarSize = 18;
  }
  style.ScaleAllSizes(dpr);
  ImGui::GetStyle() = style;
}

}  // namespace attn::app
