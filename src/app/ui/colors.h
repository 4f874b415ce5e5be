// Colour maps readable for colour-blind readers: viridis (sequential, for weights) and a blue–red
// diverging map (for signed values such as raw scores). Anchor colours are matplotlib's published maps.
#pragma once
#include <cstdint>

namespace attn::app {

uint32_t viridis(float t);                      // t in [0, 1] → ImGui packed colour (IM_COL32 layout)
uint32_t diverging(float value, float extent);  // value in [-extent, extent]; 0 is near-white
uint32_t text_on(uint32_t background);          // black or white, whichever reads better

}  // namespace attn::app
