// The lesson opens on what shows its point: the clearest head, the most varied layer, the live answer to
// "what does 'it' refer to?", the unmasked (encoder-style) softmax, and presets whose short words are whole
// tokens. Each is checked against numbers computed here from the trace (or tokens), not by the same code.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "app_test_support.h"
#include "core/presets.h"
#include "core/url_state.h"

using namespace attn;
using namespace attn::app;

namespace {

// Entropy (bits) of head (l, h)'s row for query q, and whether it parks on token 0.
double row_entropy(const Trace& tr, int l, int h, int q) {
  double e = 0;
  for (int k = 0; k <= q; ++k) {
    const double w = tr.weight(l, h, q, k);
    if (w > 0) e -= w * std::log2(w);
  }
  return e;
}

void go_to_step(App& app, const char* id) {
  app.state.view = View::Lesson;
  app_set_step(app, find_step(app.lesson, id));
}

}  // namespace

TEST_CASE("the clearest head is the lowest-entropy head among those not parked on the first token", "[focus]") {
  App app = test::reference_app();
  const Trace& tr = app.session.trace();
  for (int q = 0; q < tr.n_tokens; ++q) {
    double best = 1e9;
    int bl = -1, bh = -1;
    for (int pass = 0; pass < 2 && bl < 0; ++pass)  // focused heads first; all heads if none is
      for (int l = 0; l < tr.n_layer; ++l)
        for (int h = 0; h < tr.n_head; ++h)
          if ((pass == 1 || q == 0 || tr.weight(l, h, q, 0) < 0.5f) && row_entropy(tr, l, h, q) < best - 1e-9)
            best = row_entropy(tr, l, h, q), bl = l, bh = h;
    const HeadChoice c = clearest_head(tr, q);
    INFO("query " << q);
    CHECK(c.layer == bl);
    CHECK(c.head == bh);
    CHECK(c.entropy_bits == Approx(best).margin(1e-4));
    CHECK(tr.weight(c.layer, c.head, q, c.top_key) == c.top_weight);
  }
}

TEST_CASE("steps 4-7 open on the clearest head, re-chosen for new text, kept when picked by hand", "[focus]") {
  App app = test::reference_app();
  go_to_step(app, "softmax");
  follow_lesson_focus(app);
  HeadChoice c = clearest_head(app.session.trace(), app.session.selected(app.state));
  CHECK(app.state.layer == c.layer);
  CHECK(app.state.head == c.head);
  app.session.set_text(app.state, "Alice emailed Bob because she");
  follow_lesson_focus(app);
  c = clearest_head(app.session.trace(), app.session.selected(app.state));
  CHECK(std::make_pair(app.state.layer, app.state.head) == std::make_pair(c.layer, c.head));
  app_select_token(app, 2);  // a new query re-chooses too
  follow_lesson_focus(app);
  c = clearest_head(app.session.trace(), 2);
  CHECK(std::make_pair(app.state.layer, app.state.head) == std::make_pair(c.layer, c.head));
  // The reader's own pick stays, through text changes and through a link.
  const int other = (c.head + 1) % app.session.trace().n_head;
  app_set_layer_head(app, c.layer, other);
  app.session.set_text(app.state, "The cat sat on the mat.");
  follow_lesson_focus(app);
  CHECK(app.state.head == other);
  CHECK(app.state.head_by_hand);
  App copy = test::reference_app();
  apply_fragment(copy, state_to_fragment(app));
  follow_lesson_focus(copy);
  CHECK(copy.state.head_by_hand);
  CHECK(copy.state.head == other);
  // A link without a hand-picked head lets the lesson choose again.
  app.state.head_by_hand = false;
  App chosen = test::reference_app();
  apply_fragment(chosen, state_to_fragment(app));
  CHECK_FALSE(chosen.state.head_by_hand);
}

TEST_CASE("step 8 opens on the layer whose heads' rows differ most", "[focus]") {
  App app = test::reference_app();
  const Trace& tr = app.session.trace();
  std::vector<double> score(tr.n_layer, 0);
  for (int l = 0; l < tr.n_layer; ++l) {
    int n = 0;
    for (int q = 1; q < tr.n_tokens; ++q)
      for (int a = 0; a < tr.n_head; ++a)
        for (int b = a + 1; b < tr.n_head; ++b, ++n) {
          double tv = 0;
          for (int k = 0; k <= q; ++k) tv += std::abs(tr.weight(l, a, q, k) - tr.weight(l, b, q, k)) / 2;
          score[l] += tv;
        }
    score[l] /= n;
  }
  const int want = static_cast<int>(std::max_element(score.begin(), score.end()) - score.begin());
  CHECK(most_varied_layer(tr) == want);
  go_to_step(app, "heads_and_mask");
  follow_lesson_focus(app);
  CHECK(app.state.layer == want);
}

TEST_CASE("the opening's answer to 'what does it refer to' is where the clearest head from 'it' looks most", "[focus]") {
  App app = test::reference_app();  // the default sentence: "... because it was too tired."
  const Trace& tr = app.session.trace();
  const auto& tokens = app.session.tokens();
  const auto pieces = [&app] {
    std::vector<std::string> p;
    for (int id : app.session.ids()) p.push_back(app.session.model().tokenizer.decode({id}));
    return p;
  };
  const PronounAnswer a = answer_it(tr, pieces(), app.session.selected(app.state), "it|It");
  REQUIRE(a.found_it);
  CHECK(tokens[a.query] == "\u2423it");
  int top = 0;
  for (int k = 1; k <= a.query; ++k)
    if (tr.weight(a.head.layer, a.head.head, a.query, k) > tr.weight(a.head.layer, a.head.head, a.query, top)) top = k;
  CHECK(a.head.top_key == top);
  const HeadChoice c = clearest_head(tr, a.query);
  CHECK(std::make_pair(a.head.layer, a.head.head) == std::make_pair(c.layer, c.head));
  app.session.set_text(app.state, "Alice emailed Bob");  // no "it": the selected token is asked instead
  const PronounAnswer b = answer_it(app.session.trace(), pieces(), 1, "it|It");
  CHECK_FALSE(b.found_it);
  CHECK(b.query == 1);
}

TEST_CASE("the encoder toggle's row is the softmax of the trace's scaled scores over every key", "[focus]") {
  App app = test::reference_app();
  const Trace& tr = app.session.trace();
  for (int l = 0; l < tr.n_layer; ++l)
    for (int q : {0, 3, tr.n_tokens - 1}) {
      const auto row = unmasked_row(tr, l, 1, q);
      REQUIRE(static_cast<int>(row.size()) == tr.n_tokens);
      double max = -1e30, z = 0, sum = 0;
      for (int k = 0; k < tr.n_tokens; ++k) max = std::max(max, double(tr.scaled(l, 1, q, k)));
      for (int k = 0; k < tr.n_tokens; ++k) z += std::exp(tr.scaled(l, 1, q, k) - max);
      for (int k = 0; k < tr.n_tokens; ++k) {
        CHECK(row[k] == Approx(std::exp(tr.scaled(l, 1, q, k) - max) / z).margin(1e-6));
        sum += row[k];
      }
      CHECK(sum == Approx(1.0).margin(1e-5));
    }
  const std::string line = encoder_reading(tr, app.session.tokens(), 0, 1, 3);
  CHECK(line.find("spreads 100% over 4 tokens") != std::string::npos);
  CHECK(line.find(std::to_string(tr.n_tokens - 4) + " tokens after it") != std::string::npos);
}

TEST_CASE("every preset of each shipped model splits no word of four letters or fewer", "[focus][default-model]") {
  for (const std::string dir : {std::string(ATTN_WEIGHTS_DIR) + "/default", std::string("")}) {
    // The default model's own tokenizer (vocabulary 8192), and GPT-2's full one (real GPT-2's).
    Expected<Tokenizer> tok = fail("");
    if (dir.empty()) {
      tok = host::load_tokenizer();
    } else {
      auto m = host::load_model_dir(dir);
      REQUIRE(m.ok());
      tok = std::move(m->tokenizer);
    }
    REQUIRE(tok.ok());
    const auto presets = presets_for(*tok);
    INFO(dir);
    CHECK(presets.size() >= 4);
    for (const std::string& p : presets) {
      INFO(p);
      // Each short word is one token with its leading space (or at the start, without): checked word by word.
      std::istringstream words(p);
      bool first = true;
      for (std::string w; words >> w; first = false) {
        std::string letters;
        for (char ch : w) letters += std::isalpha(static_cast<unsigned char>(ch)) ? ch : ' ';
        std::istringstream parts(letters);
        for (std::string part; parts >> part;)
          if (part.size() <= 4 && w.rfind(part, 0) == 0) CHECK(tok->encode((first ? "" : " ") + part).size() == 1);
      }
    }
  }
  auto small = host::load_model_dir(std::string(ATTN_WEIGHTS_DIR) + "/default");
  REQUIRE(small.ok());
  // The check itself finds what the issue saw: "dog" is d|og in the 8192-token vocabulary.
  CHECK(split_short_words(small->tokenizer, "dog bites man") == std::vector<std::string>{"dog"});
}
