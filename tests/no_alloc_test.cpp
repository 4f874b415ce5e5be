// Decoding allocates nothing per token: every malloc (which operator new and Eigen both call) is counted
// while a prefilled cache decodes 32 tokens, after one warm-up step has sized the buffers. A program of its
// own, because replacing the allocator would count everything else in the Catch2 suite too. glibc only.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "run/forward.h"
#include "host/model_dir.h"

namespace {
std::atomic<long> g_allocations{0};
}

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);

void* malloc(std::size_t n) {
  ++g_allocations;
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  ++g_allocations;
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  ++g_allocations;
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  ++g_allocations;
  *out = __libc_memalign(align, n);
  return *out ? 0 : 12;  // ENOMEM
}
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: no_alloc_test MODEL_DIR\n");
    return 2;
  }
  for (auto storage : {attn::WeightFormat::F32, attn::WeightFormat::F16, attn::WeightFormat::Int8}) {
    auto m = attn::host::load_model_dir(argv[1], storage);
    if (!m) {
      std::fprintf(stderr, "%s\n", m.error().c_str());
      return 2;
    }
    attn::KVCache cache = attn::KVCache::make(m->model.config).take();
    const int V = m->model.config.vocab_size;
    const int prompt[] = {464 % V, 3797 % V, 3332 % V, 319 % V};
    int id = 262 % V;
    for (auto r : {attn::forward_into(m->model, cache, prompt, 4), attn::forward_into(m->model, cache, &id, 1)})
      if (!r) {
        std::fprintf(stderr, "%s\n", r.error().c_str());
        return 2;
      }
    const long before = g_allocations.load();
    for (int i = 0; i < 32; ++i) {
      id = (id * 31 + 7) % V;
      if (!attn::forward_into(m->model, cache, &id, 1)) return 2;
    }
    const long during = g_allocations.load() - before;
    std::printf("%s: %ld heap allocations in 32 decode steps\n", attn::weight_format_name(storage), during);
    if (during != 0) return 1;
  }
  return 0;
}
