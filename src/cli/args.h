// Minimal "--name value" / "--flag" parser for the attn CLI.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "expected.h"

namespace attn::cli {

class Args {
 public:
  // `flags` take no value; every other "--name" takes the next argument. Unknown names are errors.
  static Expected<Args> parse(const std::vector<std::string>& argv, const std::set<std::string>& options,
                              const std::set<std::string>& flags);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  Expected<int> get_int(const std::string& name, int fallback, int lo, int hi) const;
  Expected<double> get_double(const std::string& name, double fallback, double lo, double hi) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace attn::cli
