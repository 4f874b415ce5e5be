// The attention-flow view's lines and reading sentence, against the trace's (PyTorch-checked) weights.
#include <catch2/catch.hpp>

#include "core/flow.h"
#include "run/forward.h"
#include "app_test_support.h"

using namespace attn;
using namespace attn::app;

TEST_CASE("flow lines are exactly the visible weights above the threshold", "[flow]") {
  const auto& loaded = test::reference_model("f32");
  const auto& ref = test::reference()["variants"]["f32"][0];
  auto tr = trace_tokens(loaded.model, ref["ids"].get<std::vector<int>>());
  REQUIRE(tr.ok());
  const auto& att = ref["attention"][1][2];  // PyTorch's weights for layer 1, head 2
  const int T = tr->n_tokens;
  for (float threshold : {0.0f, 0.05f, 0.3f}) {
    const auto edges = flow_edges(*tr, 1, {2}, threshold, -1, false);
    size_t expected = 0;
    for (int q = 0; q < T; ++q)
      for (int k = 0; k <= q; ++k) expected += att[q][k].get<double>() >= threshold;
    CHECK(edges.size() == expected);
    for (const auto& e : edges) {
      CHECK(e.key <= e.query);  // never a masked (future) pair
      CHECK(e.weight == Approx(att[e.query][e.key].get<double>()).margin(1e-5));
    }
  }
  // Focus: only that token's outgoing (or incoming) lines.
  for (const auto& e : flow_edges(*tr, 1, {2}, 0.0f, 5, false)) CHECK(e.query == 5);
  for (const auto& e : flow_edges(*tr, 1, {2}, 0.0f, 5, true)) CHECK(e.key == 5);
  CHECK(flow_edges(*tr, 1, {2}, 0.0f, 5, false).size() == 6);
  CHECK(flow_edges(*tr, 1, {0, 1, 2, 3}, 0.0f, 5, false).size() == 24);
  CHECK(flow_edges(*tr, 9, {2}, 0.0f, -1, false).empty());
}

TEST_CASE("the reading sentence names the most and least attended tokens with their percentages", "[flow]") {
  const auto& loaded = test::reference_model("f32");
  const auto& ref = test::reference()["variants"]["f32"][0];
  const auto ids = ref["ids"].get<std::vector<int>>();
  auto tr = trace_tokens(loaded.model, ids);
  REQUIRE(tr.ok());
  std::vector<std::string> tokens;
  for (int id : ids) tokens.push_back(loaded.tokenizer.display(id));
  const int q = 9;
  const auto& row = ref["attention"][0][1][q];
  int most = 0, least = 0;
  for (int k = 1; k <= q; ++k) {
    if (row[k].get<double>() > row[most].get<double>()) most = k;
    if (row[k].get<double>() < row[least].get<double>()) least = k;
  }
  char expect[512];
  std::snprintf(expect, sizeof expect, "\"%s\" pays the most attention to \"%s\" (%.1f%%) and the least to \"%s\" (%.1f%%)",
                tokens[q].c_str(), tokens[most].c_str(), 100 * row[most].get<double>(), tokens[least].c_str(),
                100 * row[least].get<double>());
  CHECK(flow_sentence(*tr, tokens, 0, 1, q) == expect);
  CHECK(flow_sentence(*tr, tokens, 0, 1, 0).find("first token") != std::string::npos);
  CHECK(flow_sentence(*tr, tokens, 0, 1, 999).empty());
}
