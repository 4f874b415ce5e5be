// Reading config.json fields with one-line errors, shared by the families' config parsers.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "expected.h"

namespace attn {

// Reads an integer field into *out, trying each name in turn (GPT-2 configs use n_ctx or n_positions).
Expected<bool> read_int(const nlohmann::json& j, std::initializer_list<const char*> names, int64_t lo, int64_t hi, int* out,
                        const std::string& label);
// Reads an optional positive number (an epsilon, a rotary θ) no larger than `hi` into *out.
Expected<bool> read_positive(const nlohmann::json& j, const char* name, double hi, float* out, const std::string& label);

}  // namespace attn
