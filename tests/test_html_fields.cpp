// The page's HTML fields (web/html_fields.js) from the app's side: edits through app_set_field, and the list of
// fields with their places that the page is told each frame.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "app_test_support.h"
#include "core/url_state.h"

#include <climits>

using namespace attn;
using namespace attn::app;

TEST_CASE("the text field's edits re-run the model on the new text", "[html_fields]") {
  App app = test::reference_app();
  CHECK(app_set_field(app, "text", "The cat sat on the mat").empty());
  CHECK(app.state.text == "The cat sat on the mat");
  std::string joined;
  for (const std::string& t : app.session.tokens()) joined += t;
  for (size_t at; (at = joined.find("\u2423")) != std::string::npos;) joined.replace(at, 3, " ");  // shown spaces
  CHECK(joined == "The cat sat on the mat");  // the tokens cover the typed text exactly
  CHECK(app_set_field(app, "text", std::string(50000, 'a')).empty());
  CHECK(app.state.text.size() == kMaxTextBytes);  // the text box's cap
  // The cap never cuts a character in two: 'é' is 2 bytes, so 19999 'a' + 'é' keep only the 'a's.
  CHECK(app_set_field(app, "text", std::string(kMaxTextBytes - 1, 'a') + "\xC3\xA9").empty());
  CHECK(app.state.text == std::string(kMaxTextBytes - 1, 'a'));
  CHECK(app_set_field(app, "words", std::string(kMaxWordsBytes - 2, 'b') + " \xE6\x97\xA5").empty());
  CHECK(app.state.words == std::string(kMaxWordsBytes - 2, 'b') + " ");
}

TEST_CASE("the words and seed fields set their values; a seed that is not a whole number is refused", "[html_fields]") {
  App app = test::reference_app();
  CHECK(app_set_field(app, "words", "cat dog horse cow").empty());
  CHECK(app.state.words == "cat dog horse cow");
  CHECK(app_set_field(app, "seed", "42").empty());
  CHECK(app.state.seed == 42);
  CHECK(app_set_field(app, "play-seed", "9").empty());
  CHECK(app.state.play_seed == 9);
  CHECK(app.state.seed == 42);
  CHECK(app_set_field(app, "seed", "").empty());  // cleared while typing: the seed stays
  CHECK(app.state.seed == 42);
  for (const char* bad : {"4x", "-1", "1.5", " 7", "１２"}) {
    INFO(bad);
    CHECK(app_set_field(app, "seed", bad) == "the seed is a whole number from 0 to 2147483647");
    CHECK(app.state.seed == 42);
    CHECK(app.status.field_id == "seed");  // shown beside the field until an edit is taken
  }
  CHECK(app_set_field(app, "play-seed", "3").empty());
  CHECK(app.status.field_id == "seed");  // another field's edit leaves it
  CHECK(app_set_field(app, "seed", "42").empty());
  CHECK(app.status.field_id.empty());
  CHECK(app_set_field(app, "seed", "99999999999999999999999").empty());
  CHECK(app.state.seed == 2147483647);  // clamped, as the ImGui input did
  CHECK(app_set_field(app, "nope", "1") == "no field 'nope'");
}

TEST_CASE("the page is told each shown field's place in CSS pixels, its kind, label and value", "[html_fields]") {
  App app = test::reference_app();
  app.frame.dpr = 2;
  app.state.theme = 2;  // light
  app.frame.html_fields.push_back({"seed", "Sampling seed", HtmlField::Kind::Number, "7", kMaxSeedChars, {100, 40, 80, 88}});
  const auto j = nlohmann::json::parse(html_fields_json(app));
  CHECK(j["dark"] == false);
  REQUIRE(j["fields"].size() == 1);
  const auto& f = j["fields"][0];
  CHECK(f["id"] == "seed");
  CHECK(f["kind"] == "number");
  CHECK(f["label"] == "Sampling seed");
  CHECK(f["value"] == "7");
  CHECK(f["max"] == kMaxSeedChars);
  CHECK(f["x"] == 50);
  CHECK(f["y"] == 20);
  CHECK(f["w"] == 40);
  CHECK(f["h"] == 44);
  // and the layout report lists it among the interactive items
  const auto items = nlohmann::json::parse(app_layout_json(app))["_items"];
  CHECK(items.back()["label"] == "seed field (HTML)");
}

TEST_CASE("the page is told again only when a field's place, value or label changes", "[html_fields]") {
  const std::vector<HtmlField> a{{"seed", "Sampling seed", HtmlField::Kind::Number, "7", kMaxSeedChars, {1, 2, 3, 4}}};
  auto b = a;
  CHECK(same_fields(a, b));
  b[0].value = "8";
  CHECK_FALSE(same_fields(a, b));
  b = a;
  b[0].rect[1] = 3;
  CHECK_FALSE(same_fields(a, b));
  CHECK_FALSE(same_fields(a, {}));
}

TEST_CASE("every way the text changes goes through one door with one cap, at a character boundary", "[html_fields][door]") {
  App app = test::reference_app();
  // The page's field, the web hook and the UI's text box, presets and lesson buttons all call app_set_text.
  const std::function<void(const std::string&)> doors[] = {
      [&](const std::string& t) { app_set_text(app, t); },
      [&](const std::string& t) { CHECK(app_set_field(app, "text", t).empty()); },
  };
  const std::string hostile[] = {
      std::string(30000, 'a'),
      [] { std::string s; while (s.size() < 30001) s += "\xC3\xA9"; return s; }(),          // é, 2 bytes each
      [] { std::string s = "x"; while (s.size() < 30001) s += "\xF0\x9F\x98\x80"; return s; }(),  // 😀, 4 bytes, offset 1
      std::string("\xFF\xFE bad bytes \xC3", 14),
      std::string("nul\0inside", 10),
      "",
  };
  for (const auto& door : doors)
    for (const std::string& text : hostile) {
      door(text);
      INFO(text.size());
      CHECK(app.state.text.size() <= kMaxTextBytes);
      CHECK(app.state.text == text.substr(0, app.state.text.size()));  // a prefix of what was given
      if (text.size() > kMaxTextBytes) {
        // Cut before a character's first byte, never inside it, and as late as that allows.
        const unsigned char next = static_cast<unsigned char>(text[app.state.text.size()]);
        CHECK((next & 0xC0) != 0x80);
        CHECK(app.state.text.size() + 4 > kMaxTextBytes);
      }
      CHECK(app.session.ready());
    }
}

TEST_CASE("layer, head and the attribution tokens: the action and the link check them the same way", "[html_fields][door]") {
  const std::pair<int, int> hostile[] = {{99999, -5}, {-1, 2}, {1, 3}, {INT_MIN, INT_MAX}, {0, 0}};
  for (const auto& [x, y] : hostile) {
    App by_action = test::reference_app(), by_link = test::reference_app();
    INFO(x << ", " << y);
    app_set_layer_head(by_action, x, y);
    app_set_attribution(by_action, x, y);
    apply_fragment(by_link, "layer=" + std::to_string(x) + "&head=" + std::to_string(y) + "&pick=1&at=" +
                                std::to_string(x) + "&vs=" + std::to_string(y));
    const Config& c = by_action.session.model().model.config;
    CHECK((by_action.state.layer >= 0 && by_action.state.layer < c.n_layer));
    CHECK((by_action.state.head >= 0 && by_action.state.head < c.n_head));
    CHECK(by_link.state.layer == by_action.state.layer);
    CHECK(by_link.state.head == by_action.state.head);
    CHECK(by_link.state.head_by_hand == by_action.state.head_by_hand);
    CHECK(by_link.state.attr_token == by_action.state.attr_token);
    CHECK(by_link.state.attr_versus == by_action.state.attr_versus);
    CHECK((by_action.state.attr_token >= -1 && by_action.state.attr_token < c.vocab_size));
  }
}
