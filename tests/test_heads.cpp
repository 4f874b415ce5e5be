// Head labels on hand-built attention patterns whose answer is known by construction.
#include <catch2/catch.hpp>

#include "analysis/heads.h"

using namespace attn;

namespace {

// A trace with one layer and one head whose weights come from `pattern(query, key)` (rows normalised).
template <class F>
Trace synthetic(const std::vector<int>& ids, F pattern) {
  Config c;
  c.n_layer = c.n_head = c.n_kv_head = 1;
  c.n_embd = 1;
  Trace tr = empty_trace(c);
  tr.n_tokens = static_cast<int>(ids.size());
  tr.ids = ids;
  const int T = tr.n_tokens;
  for (int q = 0; q < T; ++q) {  // causal rows, 16-bit fixed point as the forward pass stores them
    float sum = 0;
    for (int k = 0; k <= q; ++k) sum += pattern(q, k);
    for (int k = 0; k <= q; ++k) tr.layers[0]->weights.push_back(static_cast<uint16_t>(pattern(q, k) / sum * 65535.0f + 0.5f));
  }
  return tr;
}

// The same for an encoder: every row over all keys.
template <class F>
Trace synthetic_encoder(const std::vector<int>& ids, F pattern) {
  Trace tr = synthetic(ids, [](int, int) { return 1.0f; });
  tr.causal = false;
  auto& w = tr.layers[0]->weights;
  w.clear();
  const int T = tr.n_tokens;
  for (int q = 0; q < T; ++q) {
    float sum = 0;
    for (int k = 0; k < T; ++k) sum += pattern(q, k);
    for (int k = 0; k < T; ++k) w.push_back(static_cast<uint16_t>(pattern(q, k) / sum * 65535.0f + 0.5f));
  }
  return tr;
}

const std::vector<int> kIds{5, 6, 7, 8, 9, 10, 11, 12};

}  // namespace

TEST_CASE("a head that looks one token back is previous-token", "[heads]") {
  auto p = classify_heads(synthetic(kIds, [](int q, int k) { return k == q - 1 || q == 0 ? 1.0f : 0.01f; }));
  REQUIRE(p.size() == 1);
  CHECK(p[0].label == HeadLabel::PreviousToken);
  CHECK(p[0].score > 0.85f);
  CHECK(std::string(head_label_name(p[0].label)) == "previous-token");
}

TEST_CASE("a head that parks on the first token is first-token", "[heads]") {
  auto p = classify_heads(synthetic(kIds, [](int, int k) { return k == 0 ? 1.0f : 0.0f; }));
  CHECK(p[0].label == HeadLabel::FirstToken);
  CHECK(p[0].first == Approx(1.0f));
}

TEST_CASE("a head that attends to itself is self", "[heads]") {
  auto p = classify_heads(synthetic(kIds, [](int q, int k) { return k == q ? 1.0f : 0.0f; }));
  CHECK(p[0].label == HeadLabel::Self);
}

TEST_CASE("a uniform head is broad with entropy 1", "[heads]") {
  auto p = classify_heads(synthetic(kIds, [](int, int) { return 1.0f; }));
  CHECK(p[0].label == HeadLabel::Broad);
  CHECK(p[0].broad == Approx(1.0f));
}

TEST_CASE("a head that copies what followed the earlier occurrence is induction", "[heads]") {
  // "A B C D A B C D": at the second A (t=4) an induction head looks at the first B (t=1), and so on.
  const std::vector<int> ids{1, 2, 3, 4, 1, 2, 3, 4};
  auto p = classify_heads(synthetic(ids, [](int q, int k) { return (q >= 4 && k == q - 3) || (q < 4 && k == 0) ? 1.0f : 0.0f; }));
  CHECK(p[0].label == HeadLabel::Induction);
  CHECK(p[0].induction == Approx(1.0f));
}

TEST_CASE("a head with no clear pattern is mixed", "[heads]") {
  // Half on the first token, half on the previous one: neither reaches the 0.6 threshold.
  auto p = classify_heads(synthetic(kIds, [](int q, int k) { return k == 0 || k == q - 1 ? 1.0f : 0.0f; }), 0.6f);
  CHECK(p[0].label == HeadLabel::Mixed);
}

TEST_CASE("an encoder head that looks one token ahead is next-token", "[heads]") {
  const int T = static_cast<int>(kIds.size());
  auto p = classify_heads(synthetic_encoder(kIds, [T](int q, int k) { return k == q + 1 || (q == T - 1 && k == q) ? 1.0f : 0.0f; }));
  CHECK(p[0].label == HeadLabel::NextToken);
  CHECK(p[0].next == Approx(1.0f).margin(1e-3));
  CHECK(std::string(head_label_name(p[0].label)) == "next-token");
}

TEST_CASE("a head that parks on [SEP] is [SEP]/[CLS]; without special tokens named it is not", "[heads]") {
  // [CLS]=101 a b c d e f [SEP]=102: every query puts 90% on [SEP] (the last token).
  const std::vector<int> ids{101, 5, 6, 7, 8, 9, 10, 102};
  const auto pattern = [](int, int k) { return k == 7 ? 9.0f : 1.0f / 7; };
  const auto special = [](int id) { return id == 101 || id == 102; };
  auto p = classify_heads(synthetic_encoder(ids, pattern), 0.4f, special);
  CHECK(p[0].label == HeadLabel::Special);
  CHECK(p[0].special == Approx(0.9f + 0.1f / 7).margin(1e-3));
  CHECK(std::string(head_label_name(p[0].label)) == "[SEP]/[CLS]");
  CHECK(classify_heads(synthetic_encoder(ids, pattern))[0].label != HeadLabel::Special);
}

TEST_CASE("a decoder's next-token score is zero: it cannot look ahead", "[heads]") {
  auto p = classify_heads(synthetic(kIds, [](int q, int k) { return k == q ? 1.0f : 0.0f; }));
  CHECK(p[0].next == 0.0f);
}
