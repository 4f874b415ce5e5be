#include "ui/colors.h"

#include <algorithm>
#include <cmath>

namespace attn::app {
namespace {

struct Rgb {
  float r, g, b;
};

uint32_t pack(Rgb c) {
  const auto u = [](float v) { return static_cast<uint32_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
  return (255u << 24) | (u(c.b) << 16) | (u(c.g) << 8) | u(c.r);  // IM_COL32(r, g, b, 255)
}

template <int N>
uint32_t lerp(const Rgb (&anchors)[N], float t) {
  if (!(t >= 0.0f)) t = 0.0f;  // NaN too
  t = std::min(t, 1.0f) * (N - 1);
  const int i = std::min(static_cast<int>(t), N - 2);
  const float f = t - i;
  const Rgb& a = anchors[i];
  const Rgb& b = anchors[i + 1];
  return pack({a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f});
}

constexpr Rgb hex(uint32_t v) { return {((v >> 16) & 255) / 255.0f, ((v >> 8) & 255) / 255.0f, (v & 255) / 255.0f}; }

// matplotlib viridis at 0, 1/8, ..., 1.
constexpr Rgb kViridis[] = {hex(0x440154), hex(0x472d7b), hex(0x3b528b), hex(0x2c728e), hex(0x21918c),
                            hex(0x28ae80), hex(0x5ec962), hex(0xaddc30), hex(0xfde725)};
// ColorBrewer RdBu (reversed: negative blue, positive red).
constexpr Rgb kDiverging[] = {hex(0x2166ac), hex(0x67a9cf), hex(0xd1e5f0), hex(0xf7f7f7),
                              hex(0xfddbc7), hex(0xef8a62), hex(0xb2182b)};

}  // namespace

uint32_t viridis(float t) { return lerp(kViridis, t); }

uint32_t diverging(float value, float extent) {
  if (!(extent > 0)) return lerp(kDiverging, 0.5f);
  return lerp(kDiverging, 0.5f + 0.5f * std::clamp(value / extent, -1.0f, 1.0f));
}

uint32_t text_on(uint32_t bg) {
  const float r = (bg & 255) / 255.0f, g = ((bg >> 8) & 255) / 255.0f, b = ((bg >> 16) & 255) / 255.0f;
  const float luminance = 0.2126f * r + 0.7152f * g + 0.0722f * b;
  return luminance > 0.45f ? 0xFF000000u : 0xFFFFFFFFu;
}

}  // namespace attn::app
