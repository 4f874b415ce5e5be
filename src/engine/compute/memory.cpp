#include "compute/memory.h"

#include <cstdlib>

namespace attn {
namespace {
int g_fail_in = 0;  // reservations left before the injected failure; 0 = none planned
}

void fail_nth_reservation(int n) { g_fail_in = n > 0 ? n : 0; }

Expected<bool> reserve_memory(size_t bytes, const std::string& what) {
  const auto refuse = [&] {
    return fail("not enough memory for " + what + " (" + std::to_string((bytes + 999999) / 1000000) + " MB more)");
  };
  if (g_fail_in > 0 && --g_fail_in == 0) return refuse();
  if (bytes == 0) return true;
  void* p = std::malloc(bytes);
  if (!p) return refuse();
  std::free(p);
  return true;
}

}  // namespace attn
