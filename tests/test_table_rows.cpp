// Built with tests/table_rows/ added to the app's tables (app_table_tests): one new row in core/views.def and
// one in core/state_fields.def, and nothing else, reach the switcher's list, the link, the embed and the JSON.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "app_test_support.h"
#include "core/url_state.h"

using namespace attn;
using namespace attn::app;

TEST_CASE("a view added as one row of core/views.def is in the switcher, the link, the embed and the JSON", "[tables]") {
  CHECK(std::find(std::begin(kAllViews), std::end(kAllViews), View::TestDummy) != std::end(kAllViews));  // the switcher's list
  const auto listed = nlohmann::json::parse(views_json());
  CHECK(std::any_of(listed.begin(), listed.end(), [](const auto& v) { return v["id"] == "test-dummy"; }));
  App app = test::reference_app();
  apply_fragment(app, "view=test-dummy");
  CHECK(app.state.view == View::TestDummy);
  CHECK(state_to_fragment(app).find("view=test-dummy") != std::string::npos);
  CHECK(nlohmann::json::parse(app_state_json(app))["view"] == "test-dummy");
  App embedded = test::reference_app();
  apply_fragment(embedded, "embed=test-dummy");
  CHECK((embedded.state.view == View::TestDummy && embedded.state.embed));
  CHECK(embed_code(app, "https://example.org/").find("embed=test-dummy") != std::string::npos);
}

TEST_CASE("a state field added as one row of core/state_fields.def is in the link and the JSON, range-checked", "[tables]") {
  App a = test::reference_app();
  CHECK(a.state.test_dummy == 3);  // the row's default
  CHECK(nlohmann::json::parse(app_state_json(a))["test_dummy"] == 3);
  CHECK(state_to_fragment(a).find("dummy=") == std::string::npos);  // defaults stay out of links
  a.state.test_dummy = 7;
  const std::string link = state_to_fragment(a);
  CHECK(link.find("dummy=7") != std::string::npos);
  CHECK(nlohmann::json::parse(app_state_json(a))["test_dummy"] == 7);
  CHECK(nlohmann::json::parse(app_export_json(a))["state"]["test_dummy"] == 7);
  App b = test::reference_app();
  apply_fragment(b, link);
  CHECK(b.state.test_dummy == 7);
  apply_fragment(b, "dummy=99");
  CHECK(b.state.test_dummy == 9);  // the row's range
  apply_fragment(b, "dummy=nan");
  CHECK(b.state.test_dummy == 9);  // not a number: unchanged
}
