#include "ui/palette.h"

#include <cstdio>

namespace attn::app {

const Palette& palette(bool dark) {
  static const Palette kDark{0x15161c, 0x22242e, 0x2b2e3a, 0x343847, 0xe9e9ee, 0xa3a6b5,
                             0x2a3350, 0x34406a, 0x3f4f86, 0x1c1d25, 0x30323d, 0x8fb0ff};
  static const Palette kLight{0xfaf9f6, 0xeeede8, 0xe4e3dc, 0xd9d8d0, 0x1d1e24, 0x5d606b,
                              0xe1e7f5, 0xcfd9f2, 0xb9c9ee, 0xffffff, 0xd4d3cc, 0x2f55c4};
  return dark ? kDark : kLight;
}

std::string palettes_json() {
  std::string out = "{";
  for (bool dark : {true, false}) {
    const Palette& p = palette(dark);
    const std::pair<const char*, uint32_t> colours[] = {
        {"background", p.background}, {"surface", p.surface}, {"surface_hover", p.surface_hover},
        {"surface_active", p.surface_active}, {"text", p.text}, {"muted", p.muted}, {"button", p.button},
        {"button_hover", p.button_hover}, {"button_active", p.button_active}, {"popup", p.popup},
        {"border", p.border}, {"accent", p.accent}};
    out += dark ? "\"dark\":{" : ",\"light\":{";
    for (size_t i = 0; i < std::size(colours); ++i) {
      char entry[48];
      std::snprintf(entry, sizeof entry, "%s\"%s\":\"#%06x\"", i ? "," : "", colours[i].first, colours[i].second);
      out += entry;
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace attn::app
