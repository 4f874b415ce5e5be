// The app's model side (no GL): text → tokens → trace → bars; choose, sample, undo, limits.
#include <catch2/catch.hpp>

#include "core/app.h"
#include "app_test_support.h"
#include "run/forward.h"
#include "test_support.h"

using namespace attn;
using namespace attn::app;


TEST_CASE("loading tokenizes the default sentence and traces it", "[session]") {
  App app = test::reference_app();
  const auto& ref = test::reference()["variants"]["f32"][0];  // the default sentence, with PyTorch's numbers
  REQUIRE(app.state.text == ref["text"].get<std::string>());
  CHECK(app.session.ids() == ref["ids"].get<std::vector<int>>());
  CHECK(app.session.trace().n_tokens == static_cast<int>(app.session.ids().size()));
  CHECK(app.session.tokens().size() == app.session.ids().size());
  CHECK(app.session.heads().size() == 8);  // 2 layers × 4 heads
  // The bars are PyTorch's last-position distribution, best first.
  const auto& logits = ref["logits"].back();
  int best = 0;
  for (size_t i = 1; i < logits.size(); ++i)
    if (logits[i].get<double>() > logits[best].get<double>()) best = static_cast<int>(i);
  CHECK(app.session.next().sorted[0].id == best);
  CHECK(app.session.selected(app.state) == static_cast<int>(app.session.ids().size()) - 1);
}

TEST_CASE("choosing bar k appends its token; undo restores; reset goes back to the default", "[session]") {
  App app = test::reference_app();
  const auto before = app.session.ids();
  const int second = app.session.next().sorted[1].id;
  REQUIRE(app.session.choose_next(app.state, 1));
  auto expect = before;
  expect.push_back(second);
  CHECK(app.session.ids() == expect);
  CHECK(app.state.text == app.session.model().tokenizer.decode(expect));
  CHECK_FALSE(app.session.choose_next(app.state, 100000));  // beyond the kept bars
  REQUIRE(app.session.undo(app.state));
  CHECK(app.session.ids() == before);
  CHECK_FALSE(app.session.undo(app.state));
  app.session.set_text(app.state, "Hello");
  app.session.reset(app.state);
  CHECK(app.state.text == kDefaultText);
}

TEST_CASE("sampling depends only on seed and text; top-k limits the bars", "[session]") {
  App a = test::reference_app(), b = test::reference_app();
  for (App* app : {&a, &b}) {
    app->state.seed = 42;
    app->session.set_text(app->state, "The cat");
    for (int i = 0; i < 5; ++i) REQUIRE(app->session.sample_next(app->state));
  }
  CHECK(a.session.ids() == b.session.ids());
  // Other seeds draw other continuations (any one seed may repeat a likely one: look at ten).
  int different = 0;
  for (uint64_t seed = 43; seed < 53; ++seed) {
    b.state.seed = seed;
    b.session.set_text(b.state, "The cat");
    for (int i = 0; i < 5; ++i) b.session.sample_next(b.state);
    different += a.session.ids() != b.session.ids();
  }
  CHECK(different >= 3);

  a.state.top_k = 3;
  a.session.update_sampling(a.state);
  CHECK(a.session.next().kept == 3);
  a.state.temperature = 0.1f;
  a.session.update_sampling(a.state);
  CHECK(a.session.next().sorted[0].sample_prob > 0.5f);
}

TEST_CASE("empty, overlong and odd text never break the session", "[session]") {
  App app = test::reference_app();
  app.session.set_text(app.state, "");
  CHECK(app.session.ids().empty());
  CHECK_FALSE(app.session.note().empty());
  CHECK_FALSE(app.session.sample_next(app.state));
  CHECK(app.session.selected(app.state) == -1);
  std::string json = app_state_json(app);
  CHECK(json.find("\"ready\":false") != std::string::npos);

  std::string long_text;
  for (int i = 0; i < 500; ++i) long_text += "word ";
  app.session.set_text(app.state, long_text);
  CHECK(static_cast<int>(app.session.ids().size()) == 64);  // the model's context
  CHECK(app.session.note().find("only the last 64") != std::string::npos);

  app.session.set_text(app.state, std::string("\xFF\xFE\x00\x01 ok \xE2\x82", 9));
  CHECK_FALSE(app.session.ids().empty());
  CHECK(app.session.error().empty());
  json = app_state_json(app);  // invalid UTF-8 is replaced, not thrown
  CHECK(json.find("\"ready\":true") != std::string::npos);
}

TEST_CASE("selection, layer/head and view setters clamp their input", "[session]") {
  App app = test::reference_app();
  app_select_token(app, 2);
  CHECK(app.session.selected(app.state) == 2);
  app_select_token(app, 9999);
  CHECK(app.session.selected(app.state) == static_cast<int>(app.session.ids().size()) - 1);
  app_set_layer_head(app, 7, -3);
  CHECK(app.state.layer == 1);
  CHECK(app.state.head == 0);
  CHECK(app_set_view(app, "mask"));
  CHECK(app.state.view == View::Mask);
  CHECK_FALSE(app_set_view(app, "<script>"));
  CHECK(app.state.view == View::Mask);
}

TEST_CASE("editing the last word re-runs only the changed tokens and gives the full pass's numbers", "[session]") {
  App app = test::reference_app();
  app.session.set_text(app.state, "The animal didn't cross the street because it was too tired.");
  app.session.set_text(app.state, "The animal didn't cross the street because it was too wide.");
  auto full = trace_tokens(app.session.model().model, app.session.ids());
  REQUIRE(full.ok());
  CHECK(app.session.trace().ids == full->ids);
  const auto weights = test::trace_fields(*full)["weights"];
  CHECK(test::max_abs_diff(test::trace_fields(app.session.trace())["weights"], std::vector<double>(weights.begin(), weights.end())) < 1e-4);
  CHECK(test::max_abs_diff(app.session.trace().logits, std::vector<double>(full->logits.begin(), full->logits.end())) < 1e-4);
  // A prefix of the text (its last token runs again for the logits) and an unrelated text.
  for (const char* text : {"The animal didn't cross", "Hello there"}) {
    app.session.set_text(app.state, text);
    auto again = trace_tokens(app.session.model().model, app.session.ids());
    REQUIRE(again.ok());
    CHECK(test::max_abs_diff(app.session.trace().logits, std::vector<double>(again->logits.begin(), again->logits.end())) < 1e-4);
    CHECK(app.session.trace().n_tokens == static_cast<int>(app.session.ids().size()));
  }
}
