#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "run/sampler.h"

using namespace attn;

namespace {

std::vector<float> test_logits() { return {1.0f, 3.0f, 0.5f, 2.5f, -1.0f, 2.0f, 0.0f, -3.0f}; }

// softmax(l / T) in double, written out independently of the sampler.
std::vector<double> softmax(const std::vector<float>& l, double T) {
  double m = -1e300, s = 0;
  for (float v : l) m = std::max(m, double(v));
  std::vector<double> p;
  for (float v : l) s += p.emplace_back(std::exp((v - m) / T));
  for (double& v : p) v /= s;
  return p;
}

std::vector<int> draws(const std::vector<float>& logits, const SamplerSettings& s, uint64_t seed, int n) {
  Rng rng(seed);
  const Distribution d = make_distribution(logits.data(), static_cast<int>(logits.size()), s);
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(draw(d, rng));
  return out;
}

}  // namespace

TEST_CASE("the distribution is sorted and equals softmax(logits / T)", "[sampler]") {
  const auto logits = test_logits();
  for (float T : {0.5f, 1.0f, 2.0f}) {
    const auto ref = softmax(logits, T);
    const Distribution d = make_distribution(logits.data(), 8, {T, 0, 1.0f});
    REQUIRE(d.sorted.size() == 8);
    CHECK(d.kept == 8);
    for (size_t i = 0; i < 8; ++i) {
      if (i) CHECK(d.sorted[i - 1].prob >= d.sorted[i].prob);
      CHECK(d.sorted[i].prob == Approx(ref[d.sorted[i].id]).epsilon(1e-5));
      CHECK(d.sorted[i].sample_prob == Approx(ref[d.sorted[i].id]).epsilon(1e-5));
    }
  }
}

TEST_CASE("the same seed gives the same tokens; other seeds give others", "[sampler]") {
  const auto logits = test_logits();
  const SamplerSettings s{1.0f, 0, 1.0f};
  CHECK(draws(logits, s, 7, 200) == draws(logits, s, 7, 200));
  CHECK(draws(logits, s, 7, 200) != draws(logits, s, 8, 200));
}

TEST_CASE("draw frequencies follow the sampling probabilities", "[sampler]") {
  const auto logits = test_logits();
  const auto ref = softmax(logits, 1.0);
  const int n = 40000;
  std::map<int, int> count;
  for (int id : draws(logits, {1.0f, 0, 1.0f}, 3, n)) ++count[id];
  for (int id = 0; id < 8; ++id) CHECK(count[id] / double(n) == Approx(ref[id]).margin(0.01));
}

TEST_CASE("top-k keeps exactly the k most likely tokens", "[sampler]") {
  const auto logits = test_logits();
  const Distribution d = make_distribution(logits.data(), 8, {1.0f, 3, 1.0f});
  CHECK(d.kept == 3);
  double kept = 0;
  for (int i = 0; i < 3; ++i) kept += d.sorted[i].sample_prob;
  CHECK(kept == Approx(1.0));
  CHECK(d.sorted[3].sample_prob == 0.0f);
  const std::set<int> allowed{1, 3, 5};  // logits 3.0, 2.5, 2.0
  for (int id : draws(logits, {1.0f, 3, 1.0f}, 11, 2000)) REQUIRE(allowed.count(id));
  // k larger than the vocabulary keeps everything.
  CHECK(make_distribution(logits.data(), 8, {1.0f, 1000000, 1.0f}).kept == 8);
}

TEST_CASE("top-p keeps the smallest set reaching p", "[sampler]") {
  const auto logits = test_logits();
  const auto ref = softmax(logits, 1.0);
  for (float p : {0.1f, 0.5f, 0.8f, 0.95f, 0.999f}) {
    const Distribution d = make_distribution(logits.data(), 8, {1.0f, 0, p});
    double before = 0, upto = 0;
    for (int i = 0; i < d.kept; ++i) upto += ref[d.sorted[i].id];
    before = upto - ref[d.sorted[d.kept - 1].id];
    INFO("p = " << p << ", kept " << d.kept);
    CHECK(upto >= p - 1e-6);
    CHECK(before < p);
  }
}

TEST_CASE("temperature towards 0, temperature 0 and top-p 0 all pick the argmax", "[sampler]") {
  const auto logits = test_logits();
  for (const SamplerSettings s : {SamplerSettings{0.0f, 0, 1.0f}, SamplerSettings{1e-4f, 0, 1.0f},
                                  SamplerSettings{1.0f, 0, 0.0f}, SamplerSettings{-1.0f, 5, 0.5f}})
    for (int id : draws(logits, s, 5, 300)) REQUIRE(id == 1);
  const Distribution greedy = make_distribution(logits.data(), 8, {0.0f, 0, 1.0f});
  CHECK(greedy.greedy);
  CHECK(greedy.kept == 1);
  CHECK(greedy.sorted[0].sample_prob == 1.0f);
}

TEST_CASE("NaN and infinite logits never produce NaN probabilities", "[sampler]") {
  const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
  std::vector<float> l{nan, 1.0f, -inf, 2.0f};
  Distribution d = make_distribution(l.data(), 4, {});
  CHECK(d.sorted[0].id == 3);
  for (const auto& c : d.sorted) CHECK(std::isfinite(c.prob));
  std::vector<float> all_inf(5, -inf);
  d = make_distribution(all_inf.data(), 5, {});
  for (const auto& c : d.sorted) CHECK(c.prob == Approx(0.2));
}

TEST_CASE("a tiny temperature still gives the likeliest token all the probability", "[sampler]") {
  std::vector<float> l{1.0f, 3.0f, 2.0f, -std::numeric_limits<float>::infinity()};
  for (float t : {1e-30f, 1e-38f, 1e-6f}) {
    Distribution d = make_distribution(l.data(), 4, {t, 0, 1.0f});
    INFO(t);
    CHECK(d.sorted[0].id == 1);
    CHECK(d.sorted[0].prob == 1.0f);
    for (const auto& c : d.sorted) CHECK(std::isfinite(c.prob));
  }
}

TEST_CASE("a token's entry is found by id without a scan, and an unknown id gives zeros", "[sampler]") {
  std::vector<float> l{0.5f, 3.0f, -1.0f, 2.0f, 2.0f};
  const Distribution d = make_distribution(l.data(), 5, {1.0f, 2, 1.0f});
  for (const Candidate& c : d.sorted) {
    CHECK(d.of(c.id).id == c.id);
    CHECK(d.of(c.id).prob == c.prob);
    CHECK(d.of(c.id).sample_prob == c.sample_prob);
  }
  CHECK(d.of(5).prob == 0.0f);
  CHECK(d.of(-1).sample_prob == 0.0f);
}
