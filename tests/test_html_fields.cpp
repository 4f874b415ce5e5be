// The page's HTML fields (web/html_fields.js) from the app's side: edits through app_set_field, and the list of
// fields with their places that the page is told each frame.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "app_test_support.h"
#include "core/state_door.h"
#include "core/url_state.h"

#include <climits>
#include <cstdio>
#include <limits>

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
  CHECK(app.state.text.size() == kMaxTextChars);  // the text box's cap, in characters
  // Characters, not bytes: 'é' is 2 bytes, and 19999 'a' + 'é' fit whole.
  CHECK(app_set_field(app, "text", std::string(kMaxTextChars - 1, 'a') + "\xC3\xA9" + "zz").empty());
  CHECK(app.state.text == std::string(kMaxTextChars - 1, 'a') + "\xC3\xA9");
  CHECK(app_set_field(app, "words", std::string(kMaxWordsChars - 2, 'b') + " \xE6\x97\xA5\xE6\x97\xA5").empty());
  CHECK(app.state.words == std::string(kMaxWordsChars - 2, 'b') + " \xE6\x97\xA5");
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

namespace {

// Counts characters the way a reader would, independently of the app's decoder: every byte that is not a
// UTF-8 continuation byte (10xxxxxx) starts one. Valid input only.
size_t characters(const std::string& s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST_CASE("every way the text changes goes through one door with one cap, in characters", "[html_fields][door]") {
  App app = test::reference_app();
  // The page's field, the web hook, a link and the UI's text box, presets and lesson buttons all call
  // app_set_text; a link has its own shorter cap (kMaxUrlText), so it is fed the texts that fit a link.
  const std::function<void(const std::string&)> doors[] = {
      [&](const std::string& t) { app_set_text(app, t); },
      [&](const std::string& t) { CHECK(app_set_field(app, "text", t).empty()); },
  };
  const std::string hostile[] = {
      std::string(30000, 'a'),
      [] { std::string s; while (s.size() < 60001) s += "\xC3\xA9"; return s; }(),          // é, 2 bytes each
      [] { std::string s = "x"; while (s.size() < 90001) s += "\xF0\x9F\x98\x80"; return s; }(),  // 😀, 4 bytes
      [] { std::string s; while (s.size() < 90000) s += "\xE7\x8C\xAB"; return s; }(),       // 猫, 30,000 of them
      std::string("nul\0inside", 10),
      "",
  };
  for (const auto& door : doors) {
    for (const std::string& text : hostile) {
      app_select_token(app, 1);
      door(text);
      INFO(text.size());
      CHECK(app.state.text == text.substr(0, app.state.text.size()));  // a prefix of what was given...
      CHECK(characters(app.state.text) == std::min(characters(text), kMaxTextChars));  // ...as long as the cap allows
      CHECK(app.state.selected == -1);  // a new text's query is its last token
      CHECK(app.session.ready());
    }
    door(std::string("\xFF\xFE bad bytes \xC3", 14));  // bytes that are not UTF-8 are dropped, the rest kept
    CHECK(app.state.text == " bad bytes ");
  }
  App by_link = test::reference_app();
  apply_fragment(by_link, "text=" + url_encode(std::string("\xFF\xFE bad bytes \xC3", 14)));
  CHECK(by_link.state.text == " bad bytes ");
}

TEST_CASE("the bars' actions never grow the text past its cap", "[html_fields][door]") {
  App app = test::reference_app();
  app_set_text(app, std::string(kMaxTextChars, 'a'));
  const std::string full = app.state.text;
  CHECK_FALSE(app_choose_next(app, 0));
  CHECK_FALSE(app_sample_next(app));
  CHECK_FALSE(app_repeat_text(app));
  CHECK(app.state.text == full);
  app_set_text(app, "The cat sat on the");
  CHECK(app_choose_next(app, 0));  // with room, the bar's token is appended
  CHECK(app.state.text.size() > std::string("The cat sat on the").size());
  CHECK(app_undo(app));
  CHECK(app.state.text == "The cat sat on the");
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

namespace {

// One hostile value of a field's type, and the same value as a link writes it.
template <class T>
std::vector<std::pair<T, std::string>> hostile_values(double lo, double hi) {
  std::vector<std::pair<T, std::string>> out;
  const auto add = [&](double v, const std::string& text) {
    if constexpr (std::is_integral_v<T>)
      if (v < double(std::numeric_limits<T>::lowest()) || v > double(std::numeric_limits<T>::max())) return;
    out.push_back({static_cast<T>(v), text});
  };
  if constexpr (std::is_same_v<T, bool>) {
    add(1, "1");
    add(0, "0");
  } else {
    for (const double v : {lo - 1, hi + 1, (lo + hi) / 2, lo, hi, -1e9, 1e9, 0.0}) {
      char text[64];
      std::snprintf(text, sizeof text, "%.17g", static_cast<double>(static_cast<T>(std::is_integral_v<T> ? std::floor(v) : v)));
      add(std::is_integral_v<T> ? std::floor(v) : v, text);
    }
    if constexpr (std::is_floating_point_v<T>) {  // refused by both doors: the field keeps its value
      out.push_back({std::numeric_limits<T>::quiet_NaN(), "nan"});
      out.push_back({std::numeric_limits<T>::infinity(), "inf"});
    }
  }
  return out;
}

}  // namespace

// One row: the control's door and the link's, fed the same hostile values, agree and stay in the row's range.
template <class Codec, class T>
size_t check_row(const char* name, T AppState::*member, const char* key, FieldRange range) {
  if constexpr (!std::is_base_of_v<Plain, Codec>) {
    return 0;
  } else {
    for (const auto& [value, text] : hostile_values<T>(range.lo, range.hi)) {
      App by_control = test::reference_app(), by_link = test::reference_app();
      INFO(name << " = " << text);
      CHECK(field_range(member).lo == range.lo);
      CHECK(field_range(member).hi == range.hi);
      app_set(by_control, member, value);
      apply_fragment(by_link, std::string(key) + "=" + text);
      CHECK(by_control.state.*member == by_link.state.*member);
      if constexpr (!std::is_same_v<T, bool>)
        CHECK((double(by_control.state.*member) >= range.lo && double(by_control.state.*member) <= range.hi));
    }
    return 1;
  }
}

TEST_CASE("every range-only field: a control (app_set) and a link set the same value, within the row's range", "[html_fields][door]") {
  size_t rows = 0;
#define ATTN_STATE(type, member, def, key, lo, hi, codec) \
  rows += check_row<codec>(#member, &AppState::member, key, FieldRange{double(lo), double(hi)});
#include "core/state_fields.def"
#undef ATTN_STATE
  CHECK(rows >= 25);
  // Fields with an action of their own are refused by app_set: the layer is checked against the model.
  App app = test::reference_app();
  CHECK_FALSE(app_set(app, &AppState::layer, 99));
  CHECK(app.state.layer == 0);
}

TEST_CASE("sorting by score and by induction exclude each other through every door", "[html_fields][door]") {
  App app = test::reference_app();
  app_set(app, &AppState::sort_heads, true);
  app_set(app, &AppState::sort_induction, true);
  CHECK((!app.state.sort_heads && app.state.sort_induction));
  App by_link = test::reference_app();
  apply_fragment(by_link, "hs=1&hi=1");  // a hand-made link with both: the later row wins, as a second click does
  CHECK((!by_link.state.sort_heads && by_link.state.sort_induction));
}

TEST_CASE("the sampler's settings re-sample the bars when set through the door", "[html_fields][door]") {
  App app = test::reference_app();
  const float before = app.session.next().sorted[0].sample_prob;
  app_set(app, &AppState::temperature, 2.0f);
  CHECK(app.session.next().sorted[0].sample_prob < before);  // a hotter softmax flattens the top bar
  app_set(app, &AppState::top_k, 1);
  CHECK(app.session.next().kept == 1);
}
