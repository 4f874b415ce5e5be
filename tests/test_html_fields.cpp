// The page's HTML fields (web/html_fields.js) from the app's side: edits through app_set_field, and the list of
// fields with their places that the page is told each frame.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "app_test_support.h"
#include "core/state_door.h"
#include "core/url_state.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

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
  // From a text at the cap each action is refused, or it leaves at most the cap (a text longer than the model's
  // context comes back as the context, which the bars work on).
  const std::vector<std::pair<const char*, std::function<bool(App&)>>> actions = {
      {"choose", [](App& a) { return app_choose_next(a, 0); }}, {"sample", app_sample_next},
      {"repeat", app_repeat_text}, {"mask", app_mask_selected}};
  for (const auto& [name, action] : actions) {
    App app = test::reference_app();
    INFO(name);
    app_set_text(app, std::string(kMaxTextChars, 'a'));
    action(app);
    CHECK(app.state.text.size() <= kMaxTextChars);  // ASCII: a byte a character
  }
  App app = test::reference_app();
  app_set_text(app, std::string(kMaxTextChars / 2 + 1, 'a'));
  CHECK_FALSE(app_repeat_text(app));  // twice that is past the cap: refused before the work
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

// Hostile values for a row with range lo..hi, each as a number and as a link writes it.
std::vector<std::pair<double, std::string>> hostile_values(double lo, double hi, bool boolean, bool floating) {
  std::vector<std::pair<double, std::string>> out;
  if (boolean) return {{1, "1"}, {0, "0"}};
  for (const double v : {lo - 1, hi + 1, (lo + hi) / 2, lo, hi, -1e9, 1e9, 0.0, lo - 0.5, lo + 0.5}) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", v);
    out.push_back({v, text});
  }
  if (floating) {  // refused by both doors: the field keeps its value
    out.push_back({std::numeric_limits<double>::quiet_NaN(), "nan"});
    out.push_back({std::numeric_limits<double>::infinity(), "inf"});
  }
  return out;
}

// What a field must hold after a value v, worked out here from the row's range alone: an integer is
// floored and a number clamped to lo..hi; a value that is not a finite number leaves the default.
template <class T>
T expected_value(double v, double lo, double hi, T unchanged) {
  if constexpr (std::is_same_v<T, bool>) return v != 0;
  if (!std::isfinite(v)) return unchanged;
  const double c = std::clamp(std::is_integral_v<T> ? std::floor(v) : v, lo, hi);
  return static_cast<T>(c);
}

}  // namespace

// One row: the control's door and the link's, fed the same hostile values, both give the value the row's
// range says (expected_value), and a control cannot reach a value the link cannot.
template <class Codec, class T>
size_t check_row(const char* name, T AppState::*member, const char* key, FieldRange range) {
  if constexpr (!std::is_base_of_v<Plain, Codec>) {
    return 0;
  } else {
    for (const auto& [value, text] : hostile_values(range.lo, range.hi, std::is_same_v<T, bool>, std::is_floating_point_v<T>)) {
      App by_control = test::reference_app(), by_link = test::reference_app();
      INFO(name << " = " << text);
      const T expected = expected_value<T>(value, range.lo, range.hi, AppState{}.*member);
      apply_fragment(by_link, std::string(key) + "=" + text);
      CHECK(by_link.state.*member == expected);
      // A control holds a value of the field's type: a number outside it (a seed of -1) is only a link's.
      const bool representable = std::is_floating_point_v<T> || std::is_same_v<T, bool> ||
                                 (value >= double(std::numeric_limits<T>::lowest()) && value <= double(std::numeric_limits<T>::max()));
      if (representable) {
        app_set(by_control, member, static_cast<T>(std::is_integral_v<T> && !std::is_same_v<T, bool> ? std::floor(value) : value));
        CHECK(by_control.state.*member == expected);
      }
    }
    return 1;
  }
}

TEST_CASE("every range-only field: a control (app_set) and a link both give the value its row's range says", "[html_fields][door]") {
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

TEST_CASE("a value that does not apply is null in the state JSON, as in the CLI's", "[html_fields][json]") {
  App app = test::reference_app();
  const auto state = nlohmann::json::parse(app_state_json(app));
  CHECK(state["head_filter"].is_null());  // -1: every label
  CHECK(state["formula_part"].is_null());  // -1: no symbol clicked
  app_set(app, &AppState::head_filter, 3);
  CHECK(nlohmann::json::parse(app_state_json(app))["head_filter"] == 3);
}

TEST_CASE("quiz answers pass one door: a click and a link check them the same way", "[html_fields][door]") {
  App app = test::reference_app();
  const int last = static_cast<int>(app.lesson.steps.size()) - 1;
  for (const auto& [step, q, c] : std::vector<std::tuple<int, int, int>>{{-1, 0, 0}, {last + 1, 0, 0}, {0, -1, 0}, {0, 8, 0},
                                                                         {0, 0, 8}, {0, 0, -1}, {INT_MAX, INT_MIN, 0}})
    CHECK_FALSE(app_answer_quiz(app, step, q, c));
  CHECK(app.state.quiz.empty());
  CHECK(app_answer_quiz(app, 0, 1, 2));
  CHECK(app.state.quiz.at({0, 1}) == 2);
  // A link with junk, an overflowing number and more answers than are kept: only the valid ones, at most 64.
  App by_link = test::reference_app();
  std::string quiz = "quiz=" + app.lesson.steps[0].id + "-1-2." + app.lesson.steps[0].id + "-99999999999999-1.nope-1-1";
  for (int s = 1; s <= last; ++s)  // every question of the other steps: more than are kept
    for (int q = 0; q < 8; ++q) quiz += "." + app.lesson.steps[s].id + "-" + std::to_string(q) + "-1";
  apply_fragment(by_link, quiz);
  CHECK(by_link.state.quiz.at({0, 1}) == 2);
  CHECK(by_link.state.quiz.size() <= 64);
  for (const auto& [key, choice] : by_link.state.quiz) CHECK((key.second >= 0 && key.second < 8 && choice >= 0 && choice < 8));
}

TEST_CASE("a partner asked for by a button or a link is cut to one name, once", "[html_fields][door]") {
  App app = test::reference_app();
  partner_request(app, std::string(5000, 'x') + "\xFF");
  CHECK(app.partner.request.size() == kMaxModelNameChars);
  app.partner.loading = app.partner.request;
  partner_request(app, "default");  // one at a time
  CHECK(app.partner.request.size() == kMaxModelNameChars);
  partner_request(app, "");
  CHECK(!app.partner.request.empty());
}
