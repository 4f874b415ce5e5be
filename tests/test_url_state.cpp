// Links: the state survives a round trip through the URL fragment; hostile values are clamped or ignored.
#include <catch2/catch.hpp>

#include "app_test_support.h"
#include "core/url_state.h"

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
  a.state.step = 4;
  a.state.temperature = 0.7f;
  a.state.top_k = 20;
  a.state.top_p = 0.9f;
  a.state.seed = 1234;
  a.state.quiz[{5, 1}] = 2;
  const std::string link = state_to_fragment(a);

  App b = test::reference_app();
  CHECK(apply_fragment(b, "#" + link).empty());
  CHECK(b.state.text == a.state.text);
  CHECK(b.session.ids() == a.session.ids());
  CHECK(b.session.selected(b.state) == 2);
  CHECK(b.state.layer == 1);
  CHECK(b.state.head == 3);
  CHECK(b.state.view == View::Mask);
  CHECK(b.state.step == 4);
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
  CHECK(apply_fragment(app, "step=5&quiz=5-1-2.0-0-1").empty());
  CHECK(app.state.step == 4);
  CHECK(app.lesson.steps[app.state.step].id == "scaling");
  CHECK(app.state.quiz == std::map<std::pair<int, int>, int>{{{5, 1}, 2}, {{0, 0}, 1}});
  apply_fragment(app, "step=no_such_step");
  CHECK(app.state.step == 4);  // an unknown id changes nothing
  apply_fragment(app, "step=heads_and_mask");
  CHECK(app.state.step == 7);
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
  CHECK(app.state.step == 0);
  CHECK(app.state.view == View::Lesson);
  CHECK(app.session.selected(app.state) == static_cast<int>(app.session.ids().size()) - 1);
  CHECK(app.state.quiz.size() == 1);
  CHECK(app.state.text.size() == kMaxUrlText);
  CHECK(note.find("cut") != std::string::npos);
  // Found by the URL fuzzer: a step beyond int's range was undefined behaviour.
  apply_fragment(app, "step=3.4e9");
  CHECK(app.state.step == 7);
  apply_fragment(app, "step=-1e300");
  CHECK(app.state.step == 0);
  // Invalid UTF-8 from a link is dropped, not passed on.
  apply_fragment(app, "text=ok%FF%FE%E6%97");
  CHECK(app.state.text == "ok");
  // Junk never throws or changes the model.
  for (const char* junk : {"", "&&&", "=", "text", "%", "#?#", "text=%"}) apply_fragment(app, junk);
  CHECK(app.session.ready());
}
