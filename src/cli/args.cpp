#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace attn::cli {

Expected<Args> Args::parse(const std::vector<std::string>& argv, const std::set<std::string>& options,
                           const std::set<std::string>& flags) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0) return fail("unexpected argument '" + arg + "'");
    const std::string name = arg.substr(2);
    if (flags.count(name)) {
      a.values_[name] = "1";
    } else if (options.count(name)) {
      if (i + 1 >= argv.size()) return fail("--" + name + " needs a value");
      a.values_[name] = argv[++i];
    } else {
      return fail("unknown option '" + arg + "'");
    }
  }
  return a;
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Expected<int> Args::get_int(const std::string& name, int fallback, int lo, int hi) const {
  auto v = get_double(name, fallback, lo, hi);
  if (!v) return fail(v.error());
  if (*v != std::floor(*v)) return fail("--" + name + " must be a whole number");
  return static_cast<int>(*v);
}

Expected<double> Args::get_double(const std::string& name, double fallback, double lo, double hi) const {
  auto s = get(name);
  if (!s) return fallback;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s->c_str(), &end);
  if (s->empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) return fail("--" + name + " is not a number: '" + *s + "'");
  if (v < lo || v > hi)
    return fail("--" + name + " = " + *s + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

}  // namespace attn::cli
