// Long texts and full memory in the session: a failed allocation is one line and the text before it stays
// usable; a text longer than the memory budget is cut with a note that says why; a long text is read a
// chunk at a time with progress and ends exactly where a one-shot pass does.
#include <catch2/catch.hpp>

#include "app_test_support.h"
#include "compute/memory.h"
#include "run/forward.h"

using namespace attn;

namespace {

std::string words(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += i % 7 == 0 ? " the cat" : i % 3 ? " sat" : " on a mat.";
  return s;
}

}  // namespace

TEST_CASE("a failed memory reservation is one line and the text before it stays traced", "[session_memory]") {
  app::App app = test::reference_app();
  app.session.set_text(app.state, "The cat sat on the mat.");
  const std::vector<int> before = app.session.ids();
  const std::vector<float> logits = app.session.trace().logits;
  fail_nth_reservation(1);  // the next run's reservation fails, as a full heap would
  app.session.set_text(app.state, "A different text that the model never gets to read.");
  fail_nth_reservation(0);
  CHECK(app.session.error().rfind("not enough memory for running", 0) == 0);
  CHECK(app.session.error().find('\n') == std::string::npos);
  REQUIRE(app.session.ready());
  CHECK(app.session.ids() == before);
  CHECK(app.session.trace().ids == before);
  CHECK(app.session.trace().logits == logits);
  // Appending a token (a decode step) that fails leaves the text as it was too.
  fail_nth_reservation(1);
  app.session.choose_next(app.state, 0);
  fail_nth_reservation(0);
  CHECK(app.session.ids() == before);
  CHECK(!app.session.error().empty());
  // And the next change works again.
  app.session.set_text(app.state, "Hello there");
  CHECK(app.session.error().empty());
  CHECK(app.session.trace().n_tokens == static_cast<int>(app.session.ids().size()));
}

TEST_CASE("a knock-out whose memory runs out says so and keeps the clean views", "[session_memory]") {
  app::App app = test::reference_app();
  fail_nth_reservation(1);
  app.state.knocked_out = {{1, 2}};
  app.session.set_knockout(app.state);
  fail_nth_reservation(0);
  CHECK(app.session.error().rfind("knocking out heads: not enough memory", 0) == 0);
  CHECK(!app.session.ablating());
  CHECK(app.session.trace().n_tokens == static_cast<int>(app.session.ids().size()));
}

TEST_CASE("a text longer than the memory budget is cut to what fits, and the note says why", "[session_memory]") {
  app::App app = test::reference_app();
  const Config& c = app.session.model().model.config;  // 64 positions
  // Room for the traces of about 40 tokens.
  const size_t room = 2 * trace_bytes(c, 40) + 4 * size_t(c.n_layer) * 40 * c.kv_dim() * 4 + run_bytes(c, 0, 40, false) +
                      size_t(40) * 41 / 2 * c.n_head * 2;
  app.session.set_memory_budget(room);
  const int fit = app.session.max_tokens();
  CHECK(fit >= 38);
  CHECK(fit <= 40);
  app.session.set_text(app.state, words(60));
  CHECK(static_cast<int>(app.session.ids().size()) == fit);
  CHECK(app.session.note().find("the memory here holds the trace of " + std::to_string(fit)) != std::string::npos);
  CHECK(app.session.note().find("MB more") != std::string::npos);
  CHECK(app.session.trace().n_tokens == fit);
}

TEST_CASE("a long text is read a chunk at a time with progress and ends as a one-shot pass does", "[session_memory]") {
  app::App app = test::reference_app();
  app.session.set_chunked(true, 16);
  app.session.set_text(app.state, words(40));  // several 16-token chunks
  const int n = static_cast<int>(app.session.ids().size());
  REQUIRE(n > 32);
  REQUIRE(app.session.busy());
  CHECK(!app.session.ready());
  CHECK(app.session.progress() == std::pair{0, n});
  CHECK(!app.session.choose_next(app.state, 0));  // no reader action lands on a half-read text
  int steps = 0;
  while (app.session.busy() && steps < 100) {
    app.session.advance(app.state, 0.0);  // one chunk per call
    ++steps;
    if (app.session.busy()) CHECK(app.session.progress().first == 16 * steps);
  }
  CHECK(steps == (n + 15) / 16);
  REQUIRE(app.session.ready());
  auto full = trace_tokens(app.session.model().model, app.session.ids());
  REQUIRE(full.ok());
  CHECK(test::max_abs_diff(app.session.trace().logits, std::vector<double>(full->logits.begin(), full->logits.end())) < 1e-4);
  CHECK(app.session.tokens().size() == size_t(n));
}
