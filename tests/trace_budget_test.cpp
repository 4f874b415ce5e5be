// The trace's memory at a whole context, counted by the allocator: a text as long as GPT-2's context
// (1,024 tokens, 12 layers × 12 heads) traced, then traced again with two heads knocked out while the clean
// trace is held, as the page does. Each run's peak of live heap bytes must stay within what the engine
// computes beforehand (trace_bytes + run_bytes + the key/value cache). Channels are cut to 96 so the run is
// quick (the attention weights, which grow with T², keep GPT-2's exact count). A program of its own, because
// replacing malloc would count everything else in the Catch2 suite too. glibc only; prints the figures.
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "families/registry.h"
#include "run/ablation.h"
#include "run/forward.h"

namespace {
std::atomic<long long> g_live{0}, g_peak{0};
void count(void* p, long long sign) {
  if (!p) return;
  const long long now = g_live += sign * static_cast<long long>(malloc_usable_size(p));
  long long peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
}  // namespace

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t n) {
  void* p = __libc_malloc(n);
  count(p, 1);
  return p;
}
void* calloc(std::size_t n, std::size_t size) {
  void* p = __libc_calloc(n, size);
  count(p, 1);
  return p;
}
void* realloc(void* p, std::size_t n) {
  count(p, -1);
  void* q = __libc_realloc(p, n);
  count(q ? q : p, 1);
  return q;
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
  *out = __libc_memalign(align, n);
  count(*out, 1);
  return *out ? 0 : 12;  // ENOMEM
}
void free(void* p) {
  count(p, -1);
  __libc_free(p);
}
}

namespace {

// A model of the given shape with random weights, filled through the GPT-2 family's own parameter list.
attn::Model random_model(const attn::Config& c) {
  attn::Model m;
  m.config = c;
  m.blocks.resize(c.n_layer);
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  for (const attn::ParamSlot& p : attn::find_family("gpt2")->parameters(m, {})) {
    size_t n = 1;
    for (auto d : p.shape) n *= size_t(d);
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    if (p.vector && p.name.find("weight") != std::string::npos)
      for (float& x : v) x = 1.0f + 0.1f * x;  // norm gains near 1
    if (p.matrix)
      *p.matrix = attn::WeightMatrix::pack(v.data(), int(p.rows_are_inputs ? p.shape[1] : p.shape[0]),
                                           int(p.rows_are_inputs ? p.shape[0] : p.shape[1]), p.rows_are_inputs,
                                           attn::WeightFormat::F32);
    else if (p.table)
      *p.table = Eigen::Map<const attn::Matrix>(v.data(), p.shape[0], p.shape[1]);
    else
      *p.vector = Eigen::Map<const attn::RowVector>(v.data(), p.shape[0]);
  }
  m.set_norm_kinds();
  return m;
}

double mb(long long b) { return b / 1e6; }

}  // namespace

int main() {
  attn::Config c;
  c.n_layer = 12, c.n_head = 12, c.n_kv_head = 12, c.n_embd = 96, c.n_inner = 384, c.n_ctx = 1024, c.vocab_size = 512;
  const attn::Model model = random_model(c);
  std::vector<int> ids(c.n_ctx);
  for (int t = 0; t < c.n_ctx; ++t) ids[t] = (t * 37 + 11) % c.vocab_size;
  const int T = c.n_ctx;
  const long long kv = 2LL * c.n_layer * T * c.kv_dim() * sizeof(float);
  const long long budget = static_cast<long long>(attn::trace_bytes(c, T) + attn::run_bytes(c, 0, T, true)) + kv;
  // What the trace before this design kept: q, k, v, head_out (4 × L·NH·T·HS), scores, scaled, weights
  // (3 × L·NH·T² floats), concat, attn_out (2 × L·T·C), residual ((L+1)·T·C).
  const long long old = 4LL * c.n_layer * T * c.n_embd * 4 + 3LL * c.n_layer * c.n_head * T * T * 4 +
                        (2LL * c.n_layer + c.n_layer + 1) * T * c.n_embd * 4;
  int failures = 0;

  g_peak = g_live.load();
  long long base = g_live.load();
  auto clean = attn::trace_tokens(model, ids);
  if (!clean) return std::fprintf(stderr, "%s\n", clean.error().c_str()), 2;
  const long long clean_peak = g_peak - base, clean_held = static_cast<long long>(clean->bytes());
  std::printf("clean trace, %d tokens: holds %.1f MB (computed %.1f MB; the old trace: %.1f MB), peak %.1f MB of %.1f MB budget\n",
              T, mb(clean_held), mb(attn::trace_bytes(c, T)), mb(old), mb(clean_peak), mb(budget));
  failures += clean_held > static_cast<long long>(attn::trace_bytes(c, T)) || clean_peak > budget;

  // Two heads knocked out (5.1 and 7.3, as the reader did) while the clean trace is held.
  const attn::Ablation ablation{{{5, 1}, {7, 3}}, attn::AblationMode::Zero};
  g_peak = g_live.load();
  base = g_live.load();
  auto ablated = attn::trace_tokens(model, ids, ablation, &*clean);
  if (!ablated) return std::fprintf(stderr, "%s\n", ablated.error().c_str()), 2;
  const long long ablated_peak = g_peak - base, ablated_held = g_live - base;
  std::printf("knock-out 5.1, 7.3 with the clean trace held: adds %.1f MB (layers 0-4 shared), peak %.1f MB of %.1f MB budget\n",
              mb(ablated_held), mb(ablated_peak), mb(budget));
  failures += ablated_peak > budget || ablated_held >= clean_held;
  std::printf("%d passed, %d failed\n", 2 - failures, failures);
  return failures ? 1 : 0;
}
