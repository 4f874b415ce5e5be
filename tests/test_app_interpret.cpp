// The interpretability tools in the app (no GL): knock-out heads through the session, before/after bars,
// links that carry them, and the lens / attribution / induction views' data, against PyTorch.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "core/url_state.h"
#include "app_test_support.h"

using namespace attn;
using namespace attn::app;

namespace {

// The reference case for the default sentence (PyTorch "interpret", prompt 0).
const nlohmann::json& ref() { return test::reference()["interpret"][0]; }

int argmax(const std::vector<double>& v) { return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin()); }

}  // namespace

TEST_CASE("knocking out heads re-runs the model without them; the bars show before and after", "[app_interpret]") {
  App app = test::reference_app();
  REQUIRE(app.session.ids() == ref()["ids"].get<std::vector<int>>());
  const int clean_top = app.session.next().sorted[0].id;
  for (const auto& ab : ref()["ablations"]) {
    std::string heads;
    for (const auto& h : ab["heads"]) heads += (heads.empty() ? "" : ",") + std::to_string(h[0].get<int>()) + "." + std::to_string(h[1].get<int>());
    INFO(heads << " " << ab["mode"].get<std::string>());
    REQUIRE(app_set_knockout(app, heads, ab["mode"]) == "");
    REQUIRE(app.session.ablating());
    const auto logits = ab["logits"].get<std::vector<double>>();
    CHECK(test::max_abs_diff(app.session.trace().logits, logits) < 1e-4);
    CHECK(app.session.next().sorted[0].id == argmax(logits));
    CHECK(app.session.clean_next().sorted[0].id == clean_top);  // "before" is the whole model
    const auto state = nlohmann::json::parse(app_state_json(app));
    CHECK(state["knocked_out"] == ab["heads"]);
    CHECK(state["next_before"][0]["id"] == clean_top);
    CHECK(state["knockout_reading"].get<std::string>().rfind("Without L", 0) == 0);
  }
  CHECK(app_set_knockout(app, "", "zero") == "");
  CHECK_FALSE(app.session.ablating());
  CHECK(app.session.next().sorted[0].id == clean_top);
  CHECK(app_set_knockout(app, "7.7", "zero") == "there is no head 7.7: the model has layers 0-1 and heads 0-3");
  CHECK(app_set_knockout(app, "0.1", "half") == "unknown ablation mode 'half' (use zero or mean)");
  CHECK_FALSE(app.session.ablating());
}

TEST_CASE("a toggled head stays knocked out when the text changes or a token is appended", "[app_interpret]") {
  App app = test::reference_app();
  app_toggle_knockout(app, 1, 3);
  REQUIRE(app.session.ablating());
  REQUIRE(app.session.choose_next(app.state, 0));
  auto expect = trace_tokens(app.session.model().model, app.session.ids(), Ablation{{{1, 3}}, AblationMode::Zero});
  REQUIRE(expect.ok());
  // The session's clean trace grew a token at a time, so the shared layers differ from a one-shot pass in the
  // last float bits.
  CHECK(test::max_abs_diff(app.session.trace().logits, std::vector<double>(expect->logits.begin(), expect->logits.end())) < 1e-4);
  app.session.set_text(app.state, "Hello, world!");
  expect = trace_tokens(app.session.model().model, app.session.ids(), Ablation{{{1, 3}}, AblationMode::Zero});
  // The session's clean trace grew a token at a time, so the shared layers differ from a one-shot pass in the
  // last float bits.
  CHECK(test::max_abs_diff(app.session.trace().logits, std::vector<double>(expect->logits.begin(), expect->logits.end())) < 1e-4);
  app_toggle_knockout(app, 1, 3);
  CHECK_FALSE(app.session.ablating());
}

TEST_CASE("knocked-out heads, the mode and the attributed tokens round-trip through a link", "[app_interpret]") {
  App app = test::reference_app();
  REQUIRE(app_set_knockout(app, "1.3,0.0", "mean") == "");
  app.state.attr_token = 5;
  app.state.attr_versus = 9;
  const std::string link = state_to_fragment(app);
  App other = test::reference_app();
  CHECK(apply_fragment(other, link) == "");
  CHECK(other.state.knocked_out == std::vector<HeadRef>{{1, 3}, {0, 0}});
  CHECK(other.state.knock_mode == AblationMode::Mean);
  CHECK(other.session.ablating());
  CHECK(other.session.trace().logits == app.session.trace().logits);
  CHECK(other.state.attr_token == 5);
  CHECK(other.state.attr_versus == 9);
  // Hostile values: heads outside the model, junk, tokens outside the vocabulary.
  App hostile = test::reference_app();
  const std::string note = apply_fragment(hostile, "ko=9.9,1.1&kom=mean&at=99999&vs=-4");
  CHECK(note.find("knocked-out heads were ignored") != std::string::npos);
  CHECK_FALSE(hostile.session.ablating());
  CHECK(hostile.state.attr_token == -1);
  CHECK(hostile.state.attr_versus == -1);
  CHECK(apply_fragment(hostile, "ko=%00%FF.1") != "");
}

TEST_CASE("the lens, attribution and induction views read PyTorch's numbers", "[app_interpret]") {
  App app = test::reference_app();
  app.state.view = View::Lens;
  auto state = nlohmann::json::parse(app_state_json(app));
  const auto& lens = ref()["lens"];
  REQUIRE(state["lens"].size() == lens.size());
  for (size_t l = 0; l < lens.size(); ++l)
    for (size_t t = 0; t < lens[l].size(); ++t) {
      const auto& cell = state["lens"][l][t]["top"][0];
      CHECK(std::abs(cell["prob"].get<double>() - lens[l][t][cell["id"].get<int>()].get<double>()) < 1e-4);
    }
  CHECK(app_summary_text(app).find("Logit lens at") != std::string::npos);

  app.state.view = View::Attribution;
  state = nlohmann::json::parse(app_state_json(app));
  const auto& att = ref()["attribution"];
  CHECK(state["attribution"]["token"] == att["token"]);  // default: the likeliest next token
  CHECK(std::abs(state["attribution"]["sum"].get<double>() - att["logit"].get<double>()) < 1e-3);
  app.state.attr_versus = att["versus"];
  state = nlohmann::json::parse(app_state_json(app));
  CHECK(std::abs(state["attribution"]["logit"].get<double>() - att["difference"].get<double>()) < 1e-4);
  CHECK(app_summary_text(app).find("Largest parts of the logit") != std::string::npos);
  CHECK(nlohmann::json::parse(app_export_json(app)).contains("attribution"));

  app.state.view = View::Heads;
  state = nlohmann::json::parse(app_state_json(app));
  for (const auto& s : state["induction"])
    CHECK(std::abs(s["induction"].get<double>() - ref()["induction"][s["layer"].get<int>()][s["head"].get<int>()].get<double>()) < 1e-4);
}

TEST_CASE("Download JSON holds the knock-out, lens, attribution and induction whatever the view", "[app_interpret]") {
  App app = test::reference_app();
  REQUIRE(app_set_knockout(app, "1.3", "zero") == "");
  app.state.view = View::Heatmap;
  const auto j = nlohmann::json::parse(app_export_json(app));
  CHECK(j["state"]["knocked_out"] == nlohmann::json::parse("[[1,3]]"));  // the state table's fields
  CHECK(j["link"].get<std::string>().find("ko=1.3") != std::string::npos);
  CHECK(j["lens"].size() == 3);  // 2 layers + the embeddings
  CHECK(j["lens"][0][0]["top"][0].contains("token"));
  CHECK(std::abs(j["attribution"]["sum"].get<double>() - j["attribution"]["logit"].get<double>()) < 1e-3);
  CHECK(j["induction"].size() == 8);
  CHECK(j.contains("next_before"));
  // One dialect with the CLI (analysis/result_json.h): what does not apply is null, never -1.
  CHECK(j["lens"][0].back()["next_id"].is_null());  // the last position has no next token
  CHECK(j["lens"][0][0]["next_id"] == app.session.ids()[1]);
  CHECK(j["attribution"]["parts"][0]["kind"] == "embed");
  CHECK(j["attribution"]["parts"][0]["layer"].is_null());
  CHECK(j["attribution"]["versus"].is_null());
  CHECK(j["state"]["attr_versus"].is_null());
}

TEST_CASE("repeat my text doubles the tokens and can be undone", "[app_interpret]") {
  App app = test::reference_app();
  const auto ids = app.session.ids();
  REQUIRE(app.session.repeat_text(app.state));
  auto doubled = ids;
  doubled.insert(doubled.end(), ids.begin(), ids.end());
  CHECK(app.session.ids() == doubled);
  REQUIRE(app.session.undo(app.state));
  CHECK(app.session.ids() == ids);
}

TEST_CASE("the lens answers a click with the selected column first, then fills the rest to the whole-window lens", "[app_interpret]") {
  App app = test::reference_app();
  const Session& s = app.session;
  const Trace& tr = s.trace();
  REQUIRE(tr.n_tokens > 3);
  const int q = 2;
  const LogitLens& lens = s.lens(q);
  CHECK(s.lens_filling());
  CHECK(s.lens_progress() == std::pair{1, tr.n_tokens});
  // The engine's lens over the whole window, computed in one go: the reference for every column.
  const auto whole = logit_lens(s.model().model, tr, 5, lens.first_token, lens.n_tokens);
  REQUIRE(whole);
  const auto same_column = [&](int t) {
    for (int l = 0; l < lens.n_boundaries; ++l) {
      const LensCell &a = lens.at(l, t), &b = whole->at(l, t);
      REQUIRE(a.top.size() == b.top.size());
      for (size_t k = 0; k < a.top.size(); ++k) {
        CHECK(a.top[k].id == b.top[k].id);
        CHECK(std::abs(a.top[k].prob - b.top[k].prob) < 1e-6);
      }
      CHECK(a.next_rank == b.next_rank);
    }
  };
  same_column(q);
  for (int t = 0; t < tr.n_tokens; ++t)
    if (t != q) CHECK(lens.at(0, t).top.empty());  // not computed yet
  s.fill_lens(0.0);  // a spent budget still fills one step, so the grid always moves on
  CHECK(s.lens_progress().first > 1);
  while (s.lens_filling()) s.fill_lens(1000.0);
  for (int t = 0; t < tr.n_tokens; ++t) same_column(t);
}
