// IEEE half and bfloat16 <-> float: what F16/BF16 checkpoints and F16 weight storage need.
#pragma once
#include <cstdint>

namespace attn {

// Half and bfloat16 to float (exact), and float to half (round to nearest even, overflow to inf).
float half_to_float(uint16_t h);
float bf16_to_float(uint16_t b);
uint16_t float_to_half(float f);

}  // namespace attn
