// Head ablation, the logit lens, direct logit attribution and induction scores against PyTorch
// (scripts/make_reference_model.py, "interpret": float64 hooks on the same F32 weights).
#include <catch2/catch.hpp>
#include <cmath>

#include "run/ablation.h"
#include "analysis/attribution.h"
#include "run/forward.h"
#include "analysis/induction.h"
#include "analysis/logit_lens.h"
#include "test_support.h"

using namespace attn;

namespace {

constexpr double kTolerance = 1e-4;

const Model& model() { return test::reference_model("f32").model; }

Ablation ablation_of(const nlohmann::json& c) {
  Ablation a;
  for (const auto& h : c["heads"]) a.heads.push_back({h[0].get<int>(), h[1].get<int>()});
  a.mode = *parse_ablation_mode(c["mode"].get<std::string>());
  return a;
}

}  // namespace

TEST_CASE("zero- and mean-ablated logits match PyTorch", "[interpret]") {
  for (const auto& c : test::reference()["interpret"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    for (const auto& ab : c["ablations"]) {
      INFO(c["text"].get<std::string>() << " heads " << ab["heads"].dump() << " " << ab["mode"].get<std::string>());
      auto tr = trace_tokens(model(), ids, ablation_of(ab));
      REQUIRE(tr.ok());
      CHECK(test::max_abs_diff(tr->logits, ab["logits"].get<std::vector<double>>()) < kTolerance);
      // The page's way: the layers before the first knocked-out head shared with the clean trace.
      auto clean = trace_tokens(model(), ids);
      auto shared = trace_tokens(model(), ids, ablation_of(ab), &*clean);
      REQUIRE(shared.ok());
      CHECK(test::max_abs_diff(shared->logits, ab["logits"].get<std::vector<double>>()) < kTolerance);
      CHECK(test::trace_fields(*shared) == test::trace_fields(*tr));
    }
  }
}

TEST_CASE("ablating no head is exactly the normal forward pass", "[interpret]") {
  const auto ids = test::reference()["interpret"][0]["ids"].get<std::vector<int>>();
  auto plain = trace_tokens(model(), ids);
  auto none = trace_tokens(model(), ids, Ablation{});
  REQUIRE(plain.ok());
  REQUIRE(none.ok());
  CHECK(plain->logits == none->logits);
  CHECK(test::trace_fields(*plain) == test::trace_fields(*none));
}

TEST_CASE("a knocked-out head's output is zero or its mean in the trace, and later layers change", "[interpret]") {
  const auto ids = test::reference()["interpret"][0]["ids"].get<std::vector<int>>();
  auto plain = trace_tokens(model(), ids);
  Ablation a{{{0, 1}}, AblationMode::Zero};
  auto zeroed = trace_tokens(model(), ids, a);
  REQUIRE(zeroed.ok());
  const int T = zeroed->n_tokens, HS = zeroed->head_size;
  for (int t = 0; t < T; ++t)
    for (int j = 0; j < HS; ++j) CHECK(zeroed->head_out(0, 1, t)[j] == 0.0f);
  // Layer 0's weights are its own; layer 1 reads a different residual.
  CHECK(plain->layers[0]->weights == zeroed->layers[0]->weights);
  double changed = 0;
  for (int h = 0; h < zeroed->n_head; ++h)
    for (int q = 0; q < T; ++q)
      for (int k = 0; k <= q; ++k) changed = std::max(changed, double(std::abs(zeroed->weight(1, h, q, k) - plain->weight(1, h, q, k))));
  CHECK(changed > 1e-3);
  a.mode = AblationMode::Mean;
  auto meaned = trace_tokens(model(), ids, a);
  REQUIRE(meaned.ok());
  for (int j = 0; j < HS; ++j) {
    double mean = 0;
    for (int t = 0; t < T; ++t) mean += plain->head_out(0, 1, t)[j] / T;
    for (int t = 0; t < T; ++t) CHECK(std::abs(meaned->head_out(0, 1, t)[j] - mean) < 1e-5);
  }
}

TEST_CASE("a knocked-out run shares the clean trace's layers before its first knocked-out head", "[interpret]") {
  const auto ids = test::reference()["interpret"][0]["ids"].get<std::vector<int>>();
  auto clean = trace_tokens(model(), ids);
  REQUIRE(clean.ok());
  auto late = trace_tokens(model(), ids, Ablation{{{1, 2}}, AblationMode::Zero}, &*clean);
  REQUIRE(late.ok());
  CHECK(late->layers[0] == clean->layers[0]);  // the same record, not a copy
  CHECK(late->layers[1] != clean->layers[1]);
  CHECK(late->bytes() - late->layers[0]->bytes() < clean->bytes());
  // Another text's trace lends nothing: the whole run is made again.
  auto other = trace_tokens(model(), {1, 2, 3}, Ablation{{{1, 2}}, AblationMode::Zero}, &*clean);
  REQUIRE(other.ok());
  CHECK(other->layers[0] != clean->layers[0]);
}

TEST_CASE("head lists and modes are parsed strictly", "[interpret]") {
  const Config& c = model().config;  // 2 layers x 4 heads
  auto ok = parse_heads("1.3,0.0,1.3", c);
  REQUIRE(ok.ok());
  CHECK(heads_to_string(*ok) == "1.3,0.0");
  for (const char* bad : {"", "9.9", "1.4", "-1.0", "+1.0", "1", "1.2.3", "a.b", "1.2,", " 1.2"}) {
    INFO(bad);
    CHECK_FALSE(parse_heads(bad, c).ok());
  }
  CHECK(parse_heads("9.9", c).error() == "there is no head 9.9: the model has layers 0-1 and heads 0-3");
  CHECK_FALSE(parse_heads("99999999999.0", c).ok());  // no int overflow on a hostile link
  // The engine refuses a head outside the model too, whoever built the list.
  auto bad = trace_tokens(model(), {1, 2, 3}, Ablation{{{0, 4}}, AblationMode::Zero});
  CHECK(bad.error() == "forward: there is no head 0.4 to knock out");
  CHECK_FALSE(parse_ablation_mode("half").ok());
}

TEST_CASE("the logit lens matches PyTorch at every boundary, and its last boundary is the model's output", "[interpret]") {
  for (const auto& c : test::reference()["interpret"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    INFO(c["text"].get<std::string>());
    auto tr = trace_tokens(model(), ids);
    REQUIRE(tr.ok());
    auto lens = logit_lens(model(), *tr, 5);
    REQUIRE(lens.ok());
    REQUIRE(lens->n_boundaries == model().config.n_layer + 1);
    const auto& ref = c["lens"];  // (L+1, T, V)
    double worst = 0;
    for (int l = 0; l < lens->n_boundaries; ++l)
      for (int t = 0; t < lens->n_tokens; ++t) {
        const auto probs = ref[l][t].get<std::vector<double>>();
        const LensCell& cell = lens->at(l, t);
        REQUIRE(cell.top.size() == 5);
        for (const TokenProb& p : cell.top) worst = std::max(worst, std::abs(p.prob - probs[p.id]));
        // The top entries are the reference's likeliest (ties aside) and in order.
        const double best = *std::max_element(probs.begin(), probs.end());
        CHECK(std::abs(cell.top[0].prob - best) < kTolerance);
        if (t + 1 < lens->n_tokens) {
          const double p_next = probs[ids[t + 1]];
          CHECK(cell.next_id == ids[t + 1]);
          CHECK(std::abs(cell.next_prob - p_next) < kTolerance);
          // Float and double may order near-equal probabilities differently: the rank lies in the bracket.
          const auto count = [&](double bound) { return std::count_if(probs.begin(), probs.end(), [&](double x) { return x > bound; }); };
          CHECK(cell.next_rank >= count(p_next * (1 + 1e-3)));
          CHECK(cell.next_rank <= count(p_next * (1 - 1e-3)));
        } else {
          CHECK(cell.next_rank == -1);
        }
      }
    CHECK(worst < kTolerance);
    // Last boundary = the model's own next-token distribution at the last position.
    const LensCell& last = lens->at(lens->n_boundaries - 1, lens->n_tokens - 1);
    std::vector<float> p(tr->logits.begin(), tr->logits.end());
    const float mx = *std::max_element(p.begin(), p.end());
    double z = 0;
    for (float x : p) z += std::exp(double(x) - mx);
    CHECK(std::abs(last.top[0].prob - std::exp(double(p[last.top[0].id]) - mx) / z) < 1e-5);  // float rounding
  }
}

TEST_CASE("direct logit attribution matches PyTorch and its parts sum to the logit", "[interpret]") {
  for (const auto& c : test::reference()["interpret"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    const auto& ref = c["attribution"];
    INFO(c["text"].get<std::string>());
    auto tr = trace_tokens(model(), ids);
    REQUIRE(tr.ok());
    for (bool pair : {false, true}) {
      auto a = attribute_logit(model(), *tr, ref["token"], pair ? ref["versus"].get<int>() : -1);
      REQUIRE(a.ok());
      const auto parts = ref[pair ? "parts_versus" : "parts"].get<std::vector<double>>();
      const int L = model().config.n_layer, NH = model().config.n_head;
      REQUIRE(a->parts.size() == size_t(1 + L * (NH + 2) + 1));
      CHECK(a->parts.front().kind == PartKind::Embed);
      CHECK(a->parts[1].kind == PartKind::Head);
      CHECK(a->parts.back().kind == PartKind::LnFBias);
      std::vector<float> values;
      for (const auto& p : a->parts) values.push_back(p.value);
      CHECK(test::max_abs_diff(values, parts) < kTolerance);
      const double logit = ref[pair ? "difference" : "logit"].get<double>();
      CHECK(std::abs(a->logit - logit) < kTolerance);
      CHECK(std::abs(a->sum - logit) < 1e-3);
    }
  }
  auto tr = trace_tokens(model(), {1, 2, 3});
  CHECK(attribute_logit(model(), *tr, 1024).error() == "token id 1024 is outside the vocabulary (0-1023)");
  CHECK_FALSE(attribute_logit(model(), *tr, -1).ok());
  CHECK_FALSE(attribute_logit(model(), *tr, 5, 4096).ok());
}

TEST_CASE("induction and previous-token scores on the repeated text match PyTorch", "[interpret]") {
  for (const auto& c : test::reference()["interpret"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    INFO(c["text"].get<std::string>());
    auto scores = induction_scores(model(), ids);
    if (ids.size() < 2) {  // a one-token copy only attends to itself: no score to give
      CHECK_FALSE(scores.ok());
      continue;
    }
    REQUIRE(scores.ok());
    std::vector<float> induction, previous;
    for (const auto& s : *scores) {
      induction.push_back(s.induction);
      previous.push_back(s.previous);
    }
    std::vector<double> ref_induction, ref_previous;
    for (const auto& row : c["induction"]) for (double x : row) ref_induction.push_back(x);
    for (const auto& row : c["previous"]) for (double x : row) ref_previous.push_back(x);
    CHECK(test::max_abs_diff(induction, ref_induction) < kTolerance);
    CHECK(test::max_abs_diff(previous, ref_previous) < kTolerance);
  }
  CHECK_FALSE(induction_scores(model(), {}).ok());
}

TEST_CASE("a window of the logit lens is exactly those columns of the whole lens", "[interpret]") {
  const auto ids = test::reference()["interpret"][0]["ids"].get<std::vector<int>>();
  auto tr = trace_tokens(model(), ids);
  REQUIRE(tr.ok());
  auto whole = logit_lens(model(), *tr, 5);
  auto window = logit_lens(model(), *tr, 5, 2, 3);
  REQUIRE(whole.ok());
  REQUIRE(window.ok());
  CHECK(window->first_token == 2);
  CHECK(window->n_tokens == 3);
  for (int l = 0; l < whole->n_boundaries; ++l)
    for (int t = 2; t < 5; ++t) {
      CHECK(window->at(l, t).top[0].id == whole->at(l, t).top[0].id);
      CHECK(window->at(l, t).top[0].prob == whole->at(l, t).top[0].prob);
      CHECK(window->at(l, t).next_rank == whole->at(l, t).next_rank);
    }
  // A window past the end is cut to the text.
  auto tail = logit_lens(model(), *tr, 5, tr->n_tokens - 2, 10);
  REQUIRE(tail.ok());
  CHECK(tail->n_tokens == 2);
}
