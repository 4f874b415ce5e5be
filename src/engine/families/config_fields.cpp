#include "families/config_fields.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace attn {

Expected<bool> read_int(const nlohmann::json& j, std::initializer_list<const char*> names, int64_t lo, int64_t hi, int* out,
                        const std::string& label) {
  for (const char* name : names) {
    auto it = j.find(name);
    if (it == j.end()) continue;
    if (!it->is_number_integer()) return fail(label + ": '" + name + "' is not an integer");
    const int64_t v = it->get<int64_t>();
    if (v < lo || v > hi)
      return fail(label + ": '" + name + "' = " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                  std::to_string(hi));
    *out = static_cast<int>(v);
    return true;
  }
  return fail(label + ": missing '" + *names.begin() + "'");
}

Expected<bool> read_positive(const nlohmann::json& j, const char* name, double hi, float* out, const std::string& label) {
  auto it = j.find(name);
  if (it == j.end()) return true;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() <= 0 || it->get<double>() > hi)
    return fail(label + ": '" + name + "' must be a positive number up to " + (hi < 2 ? "1" : std::to_string(int64_t(hi))));
  *out = it->get<float>();
  return true;
}

}  // namespace attn
