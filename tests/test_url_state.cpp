// Links: the state survives a round trip through the URL fragment; hostile values are clamped or ignored.
#include <catch2/catch.hpp>

#include "app_test_support.h"
#include "core/url_state.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

using namespace attn;
using namespace attn::app;


TEST_CASE("url_encode and url_decode round-trip any bytes", "[url]") {
  const std::string s = "a b&c=d#e%f/\xE6\x97\xA5\x01\xFF";
  CHECK(url_decode(url_encode(s)) == s);
  CHECK(url_decode("x+y%20z%zz%4") == "x y z%zz%4");
}

TEST_CASE("the state survives a link round trip", "[url]") {
  App a = test::reference_app();
  a.session.set_text(a.state, "Alice emailed Bob because she");
  app_select_token(a, 2);
  app_set_layer_head(a, 1, 3);
  a.state.view = View::Mask;
  a.state.step = find_step(a.lesson, "scaling");
  a.state.temperature = 0.7f;
  a.state.top_k = 20;
  a.state.top_p = 0.9f;
  a.state.seed = 1234;
  a.state.quiz[{find_step(a.lesson, "softmax"), 1}] = 2;
  const std::string link = state_to_fragment(a);

  App b = test::reference_app();
  CHECK(apply_fragment(b, "#" + link).empty());
  CHECK(b.state.text == a.state.text);
  CHECK(b.session.ids() == a.session.ids());
  CHECK(b.session.selected(b.state) == 2);
  CHECK(b.state.layer == 1);
  CHECK(b.state.head == 3);
  CHECK(b.state.view == View::Mask);
  CHECK(b.state.step == a.state.step);
  CHECK(b.state.temperature == Approx(0.7f));
  CHECK(b.state.top_k == 20);
  CHECK(b.state.top_p == Approx(0.9f));
  CHECK(b.state.seed == 1234);
  CHECK(b.state.quiz == a.state.quiz);
  CHECK(state_to_fragment(b) == link);
  // Steps and quiz answers are named by the step's id, so a step added later moves no link.
  CHECK(link.find("step=scaling") != std::string::npos);
  CHECK(link.find("quiz=softmax-1-2") != std::string::npos);
}

TEST_CASE("old links that numbered the steps still open the same step and answers", "[url]") {
  App app = test::reference_app();
  // Before steps had ids, links numbered the eight steps 1..8 and quiz keys 0..7; the opening added since
  // moves every index, but not what those numbers meant.
  CHECK(apply_fragment(app, "step=5&quiz=5-1-2.0-0-1").empty());
  CHECK(app.lesson.steps[app.state.step].id == "scaling");
  CHECK(app.state.quiz == std::map<std::pair<int, int>, int>{{{find_step(app.lesson, "softmax"), 1}, 2},
                                                              {{find_step(app.lesson, "tokens"), 0}, 1}});
  const int before = app.state.step;
  apply_fragment(app, "step=no_such_step");
  CHECK(app.state.step == before);  // an unknown id changes nothing
  apply_fragment(app, "step=heads_and_mask");
  CHECK(app.lesson.steps[app.state.step].id == "heads_and_mask");
  apply_fragment(app, "step=opening");
  CHECK(app.state.step == 0);
}

TEST_CASE("hostile link values are clamped, ignored or cut, never trusted", "[url]") {
  App app = test::reference_app();
  const std::string huge(5000, 'x');
  const std::string note = apply_fragment(app, "layer=99999999999&head=-5&t=1e308&k=-3&p=nan&seed=-1&step=0&view=<script>"
                                               "&sel=1e9&quiz=9-9-9.x.1-0-0&unknown=1&text=" + huge);
  CHECK(app.state.layer == 1);
  CHECK(app.state.head == 0);
  CHECK(app.state.temperature == Approx(2.0f));
  CHECK(app.state.top_k == 1);
  CHECK(app.state.top_p == Approx(1.0f));
  CHECK(app.state.seed == 0);
  CHECK(app.lesson.steps[app.state.step].id == "tokens");  // old numbering: step 0 is below step 1
  CHECK(app.state.view == View::Lesson);
  CHECK(app.session.selected(app.state) == static_cast<int>(app.session.ids().size()) - 1);
  CHECK(app.state.quiz.size() == 1);
  CHECK(app.state.text.size() == kMaxUrlText);
  CHECK(note.find("cut") != std::string::npos);
  // Found by the URL fuzzer: a step beyond int's range was undefined behaviour.
  apply_fragment(app, "step=3.4e9");
  CHECK(app.lesson.steps[app.state.step].id == "heads_and_mask");  // the last of the numbered steps
  apply_fragment(app, "step=-1e300");
  CHECK(app.lesson.steps[app.state.step].id == "tokens");
  // Invalid UTF-8 from a link is dropped, not passed on.
  apply_fragment(app, "text=ok%FF%FE%E6%97");
  CHECK(app.state.text == "ok");
  // Junk never throws or changes the model.
  for (const char* junk : {"", "&&&", "=", "text", "%", "#?#", "text=%"}) apply_fragment(app, junk);
  CHECK(app.session.ready());
}

TEST_CASE("every view of the table (core/views.def) opens from a link, is written back to it and named in the JSON", "[url][views]") {
  App app = test::reference_app();
  std::set<std::string> ids, titles;
  for (View v : kAllViews) {
    const std::string id = view_id(v);
    INFO(id);
    ids.insert(id);
    titles.insert(view_title(v));
    CHECK(std::string(view_title(v)).find("view.") != 0);  // a title from the catalogue, not its key
    app.state.view = View::Lesson;
    apply_fragment(app, "view=" + id);
    CHECK(app.state.view == v);
    CHECK(state_to_fragment(app).find("view=" + id) != std::string::npos);
    CHECK(nlohmann::json::parse(app_state_json(app))["view"] == id);
    View parsed = View::Lesson;
    CHECK(parse_view(id, &parsed));
    CHECK(parsed == v);
    app.state.view = View::Lesson;
    apply_fragment(app, "embed=" + id);  // an embed of that view alone
    CHECK((app.state.view == v && app.state.embed));
    app.state.embed = false;
  }
  CHECK(ids.size() == std::size(kAllViews));  // no id or title used twice
  CHECK(titles.size() == std::size(kAllViews));
  CHECK(nlohmann::json::parse(views_json()).size() == std::size(kAllViews));
}

// A value other than its default for every row of core/state_fields.def, set the way a reader sets it.
static void set_every_field(App& a) {
  app_set_text(a, "Alice emailed Bob because she");
  a.state.view = View::Mask;
  a.state.embed = true;
  a.state.controls = false;
  a.state.theme = 1;
  a.state.lang = "es";
  app_set_layer_head(a, 1, 3);  // also: chosen by hand
  app_select_token(a, 2);
  a.state.unmasked = true;
  a.state.temperature = 0.7f;
  a.state.top_k = 20;
  a.state.top_p = 0.9f;
  a.state.seed = 1234;
  a.state.head_filter = 2;
  a.state.sort_induction = true;  // sort_heads stays off: the door keeps the two apart (test_html_fields)
  REQUIRE(app_set_knockout(a, "1.2,0.1", "mean") == "");
  app_set_attribution(a, 5, 7);
  a.state.flow_threshold = 0.25f;
  a.state.flow_heads = 0x80000005u;  // head 31 too
  a.state.flow_incoming = a.state.lesson_lines = true;
  partner_set_layer_head(a, 3, 5);  // no partner loaded yet: kept for it
  app_set_step(a, find_step(a.lesson, "scaling"));
  a.state.quiz[{find_step(a.lesson, "softmax"), 1}] = 2;
  a.state.quiz[{find_step(a.lesson, "tokens"), 0}] = 1;
  a.state.use_positions = a.state.use_mask = a.state.scaled = false;
  a.state.formula_part = 3;
  app_set_field(a, "words", "cat dog");
  a.state.yaw = -3.0f;
  a.state.pitch = -0.5f;
  a.state.zoom = 2.0f;
  a.state.play_heads = 2;
  a.state.play_dim = 16;
  a.state.play_matrix = 3;
  a.state.play_seed = 99;
  a.state.play_from_model = true;
}

TEST_CASE("every field of the state table round-trips through a link", "[url][state_table]") {
  App a = test::reference_app();
  set_every_field(a);
  const AppState defaults;
  // Each row differs from its default here, so a row added to the table without a value above fails.
#define ATTN_STATE(type, member, def, key, lo, hi, codec) \
  INFO(#member);                                          \
  if (std::string(#member) != "sort_heads") CHECK_FALSE(a.state.member == defaults.member);
#include "core/state_fields.def"
#undef ATTN_STATE
  const std::string link = state_to_fragment(a);

  App b = test::reference_app();
  // The language is the host's to switch (it fetches the files): the link asks for it. An embed's own fields
  // come from the page's query (embed_code writes them), never from its link, so "Open full" leaves them.
  CHECK(link.find("embed=") == std::string::npos);
  CHECK(link.find("controls=") == std::string::npos);
  CHECK(apply_fragment(b, "embed=mask&controls=0&" + link).empty());  // the page applies query & fragment
#define ATTN_STATE(type, member, def, key, lo, hi, codec)                                                      \
  INFO(#member);                                                                                               \
  if (std::string(#member) == "lang") CHECK(b.status.asked_lang == a.state.lang);                             \
  else CHECK(b.state.member == a.state.member);
#include "core/state_fields.def"
#undef ATTN_STATE
  CHECK(b.session.ids() == a.session.ids());
  CHECK(b.session.ablation().heads == a.session.ablation().heads);  // the session runs without those heads
  CHECK(b.session.ablation().mode == AblationMode::Mean);
  // Download JSON carries the same state and its link; the state JSON names every field.
  const auto exported = nlohmann::json::parse(app_export_json(a));
  CHECK(exported["link"] == link);
  const auto state = nlohmann::json::parse(app_state_json(b));
#define ATTN_STATE(type, member, def, key, lo, hi, codec) CHECK(state.contains(#member));
#include "core/state_fields.def"
#undef ATTN_STATE
  CHECK(state["theme"] == "dark");
  CHECK(state["knocked_out"] == nlohmann::json::parse("[[1,2],[0,1]]"));
  CHECK(state["attr_versus"] == 7);
}

// A number with a range in the table (lo < hi) is inside it; other rows are checked by hand below.
template <class T>
static void check_in_range(const char* member, const T& v, double lo, double hi) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    INFO(member);
    if (lo < hi) CHECK((double(v) >= lo && double(v) <= hi));
  }
}

TEST_CASE("every row of the state table keeps hostile link values in range", "[url][state_table]") {
  for (const char* junk : {"1e308", "-1e308", "nan", "inf", "-1", "99999999999999999999", "", "%FF%FE", "\xFF\xC3", "<script>", "1.5", "%26%3D"}) {
    App app = test::reference_app();
    std::string link;  // each value as it is (raw bytes, %-escapes decoded by the parser)
#define ATTN_STATE(type, member, def, key, lo, hi, codec) link += std::string("&") + key + "=" + junk;
#include "core/state_fields.def"
#undef ATTN_STATE
    INFO(link);
    apply_fragment(app, link);
    CHECK(app.session.ready());
    const AppState& s = app.state;
    // Numbers with a range in the table stay inside it; those checked against the model stay inside it.
#define ATTN_STATE(type, member, def, key, lo, hi, codec) check_in_range(#member, s.member, lo, hi);
#include "core/state_fields.def"
#undef ATTN_STATE
    const Config& c = app.session.model().model.config;
    CHECK((s.layer >= 0 && s.layer < c.n_layer && s.head >= 0 && s.head < c.n_head));
    CHECK((s.attr_token >= -1 && s.attr_token < c.vocab_size && s.attr_versus >= -1 && s.attr_versus < c.vocab_size));
    CHECK(s.knocked_out.empty());
    CHECK((s.step >= 0 && s.step < static_cast<int>(app.lesson.steps.size())));
  }
}

TEST_CASE("a link without pick, sel, at or vs means their defaults; other absent fields are left as they are", "[url][state_table]") {
  App app = test::reference_app();
  app_set_layer_head(app, 1, 2);  // by hand
  app_select_token(app, 1);
  app_set_attribution(app, 5, 6);
  app.state.temperature = 0.5f;
  apply_fragment(app, "view=heatmap");
  CHECK_FALSE(app.state.head_by_hand);  // the lesson may choose the head again
  CHECK(app.state.selected == -1);
  CHECK(app.state.attr_token == -1);
  CHECK(app.state.attr_versus == -1);
  CHECK(app.state.temperature == 0.5f);
  CHECK((app.state.layer == 1 && app.state.head == 2));
}
