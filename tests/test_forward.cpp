// The forward pass against PyTorch (scripts/make_reference_model.py): attention weights and logits
// for every prompt, in F32, F16 and BF16 checkpoints; KV-cache decoding against the full recompute.
#include <catch2/catch.hpp>
#include <cmath>

#include "run/forward.h"
#include "test_support.h"

using namespace attn;

namespace {

constexpr double kTolerance = 1e-4;


}  // namespace

TEST_CASE("attention weights and logits match PyTorch within 1e-4", "[forward]") {
  for (const char* variant : {"f32", "f16", "bf16", "untied"}) {
    const auto& loaded = test::reference_model(variant);
    for (const auto& c : test::reference()["variants"][variant]) {
      const auto ids = c["ids"].get<std::vector<int>>();
      INFO(variant << " prompt: " << c["text"].get<std::string>() << " (" << ids.size() << " tokens)");
      if (c["text"] != "<full context>") CHECK(loaded.tokenizer.encode(c["text"].get<std::string>()) == ids);
      auto tr = trace_tokens(loaded.model, ids);
      REQUIRE(tr.ok());
      CHECK(test::max_abs_diff(test::trace_fields(*tr)["weights"], test::flatten(c["attention"])) < kTolerance);
      const auto logits = test::flatten(c["logits"]);
      const std::vector<double> last(logits.end() - tr->vocab_size, logits.end());
      CHECK(test::max_abs_diff(tr->logits, last) < kTolerance);
    }
  }
}

TEST_CASE("KV-cache decoding one token at a time equals the full recompute", "[forward]") {
  const auto& loaded = test::reference_model("f32");
  for (const auto& c : test::reference()["variants"]["f32"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    const auto& logits = c["logits"];
    const size_t prefill = std::min<size_t>(3, ids.size());
    KVCache cache = KVCache::make(loaded.model.config).take();
    auto out = forward(loaded.model, cache, std::vector<int>(ids.begin(), ids.begin() + prefill));
    REQUIRE(out.ok());
    for (size_t t = prefill - 1; t < ids.size(); ++t) {
      if (t >= prefill) {
        out = forward(loaded.model, cache, {ids[t]});
        REQUIRE(out.ok());
      }
      INFO("position " << t);
      const std::vector<float> got(out->data(), out->data() + out->size());
      CHECK(test::max_abs_diff(got, logits[t].get<std::vector<double>>()) < kTolerance);
    }
    CHECK(cache.length == static_cast<int>(ids.size()));
  }
}

TEST_CASE("the trace's intermediates are consistent with GPT-2's definition", "[forward]") {
  const auto& loaded = test::reference_model("f32");
  const auto ids = test::reference()["variants"]["f32"][0]["ids"].get<std::vector<int>>();
  auto tr = trace_tokens(loaded.model, ids);
  REQUIRE(tr.ok());
  const int T = tr->n_tokens, HS = tr->head_size;
  CHECK(T == static_cast<int>(ids.size()));
  for (int l = 0; l < tr->n_layer; ++l)
    for (int h = 0; h < tr->n_head; ++h)
      for (int q = 0; q < T; ++q) {
        double sum = 0;
        for (int k = 0; k < T; ++k) {
          double dot = 0;
          for (int d = 0; d < HS; ++d) dot += double(tr->q(l, h, q)[d]) * tr->k(l, h, k)[d];
          REQUIRE(tr->score(l, h, q, k) == Approx(dot).margin(1e-4));
          REQUIRE(tr->scaled(l, h, q, k) == Approx(dot / std::sqrt(double(HS))).margin(1e-4));
          REQUIRE(tr->visible(q, k) == (k <= q));
          if (k > q) REQUIRE(tr->weight(l, h, q, k) == 0.0f);
          sum += tr->weight(l, h, q, k);
        }
        REQUIRE(sum == Approx(1.0).margin(1e-4));  // weights are kept to 16 bits: within 8e-6 each
        // head output = Σ_k weights · V
        for (int d = 0; d < HS; ++d) {
          double o = 0;
          for (int k = 0; k <= q; ++k) o += double(tr->weight(l, h, q, k)) * tr->v(l, h, k)[d];
          REQUIRE(tr->head_out(l, h, q)[d] == Approx(o).margin(1e-3));  // from the 16-bit weights
          REQUIRE(tr->concat(l, q)[h * HS + d] == tr->head_out(l, h, q)[d]);
        }
      }
  // The stream entering layer 0 is token + position embedding.
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < tr->n_embd; ++c)
      REQUIRE(tr->residual(0, t)[c] == Approx(loaded.model.tok_embed.at(ids[t], c) + loaded.model.pos_embed(t, c)).margin(1e-6));
}

TEST_CASE("forward rejects empty input, unknown ids and overlong input", "[forward]") {
  const auto& m = test::reference_model("f32").model;
  KVCache cache = KVCache::make(m.config).take();
  CHECK(forward(m, cache, {}).error() == "forward: no tokens");
  CHECK(forward(m, cache, {1024}).error() == "forward: token id 1024 is outside the vocabulary");
  CHECK(forward(m, cache, {-1}).error() == "forward: token id -1 is outside the vocabulary");
  CHECK(forward(m, cache, std::vector<int>(65, 1)).error() == "forward: 65 tokens exceed the context of 64");
  REQUIRE(forward(m, cache, std::vector<int>(64, 1)).ok());
  CHECK(forward(m, cache, {1}).error() == "forward: 65 tokens exceed the context of 64");
  Trace tr;
  KVCache used = KVCache::make(m.config).take();
  REQUIRE(forward(m, used, {1}).ok());
  CHECK(forward(m, used, {1}, &tr).error().find("exactly the cached tokens") != std::string::npos);
}

TEST_CASE("a trace extended token by token equals the trace of the whole text", "[forward]") {
  const auto& m = test::reference_model("f32").model;
  const auto ids = test::reference()["variants"]["f32"][0]["ids"].get<std::vector<int>>();
  auto full = trace_tokens(m, ids);
  REQUIRE(full.ok());
  KVCache cache = KVCache::make(m.config).take();
  Trace grown;
  REQUIRE(forward(m, cache, std::vector<int>(ids.begin(), ids.begin() + 4), &grown).ok());
  for (size_t t = 4; t < ids.size(); ++t) REQUIRE(forward(m, cache, {ids[t]}, &grown).ok());
  CHECK(grown.ids == full->ids);
  const auto got = test::trace_fields(grown), want = test::trace_fields(*full);
  CHECK(got.size() == 8);
  for (const auto& [name, a] : got) {
    INFO(name);
    const std::vector<float>& b = want.at(name);
    REQUIRE(a.size() == b.size());
    CHECK(test::max_abs_diff(a, std::vector<double>(b.begin(), b.end())) < 1e-4);
  }
}

TEST_CASE("an edited text re-run from its first changed token equals a full pass over the new text", "[forward]") {
  const auto& loaded = test::reference_model("f32");
  const auto ids = test::reference()["variants"]["f32"][0]["ids"].get<std::vector<int>>();
  REQUIRE(ids.size() > 6);
  auto edited = std::vector<int>(ids.begin(), ids.end() - 3);  // the last three tokens replaced by two others
  edited.push_back(17);
  edited.push_back(400);
  KVCache cache = KVCache::make(loaded.model.config).take();
  Trace tr;
  REQUIRE(forward(loaded.model, cache, ids, &tr).ok());
  const int keep = static_cast<int>(ids.size()) - 3;
  truncate(cache, tr, keep);
  CHECK(cache.length == keep);
  CHECK(tr.n_tokens == keep);
  REQUIRE(forward(loaded.model, cache, std::vector<int>(edited.begin() + keep, edited.end()), &tr).ok());
  auto full = trace_tokens(loaded.model, edited);
  REQUIRE(full.ok());
  CHECK(tr.ids == full->ids);
  const auto got = test::trace_fields(tr), want = test::trace_fields(*full);
  for (const auto& [name, a] : got) {
    INFO(name);
    REQUIRE(a.size() == want.at(name).size());
    CHECK(test::max_abs_diff(a, std::vector<double>(want.at(name).begin(), want.at(name).end())) < 1e-5);
  }
}
