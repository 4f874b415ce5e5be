// The language catalogue: English fallback, placeholders, counts, numbers per language, the lesson's
// translation laid over English, and the pronoun the opening asks about in each language.
#include <catch2/catch.hpp>

#include "app_test_support.h"
#include "core/i18n.h"
#include "core/lesson_focus.h"
#include "core/pronoun.h"
#include "host/model_dir.h"

using namespace attn;
using namespace attn::app;

namespace {

std::string asset(const std::string& path) {
  auto text = host::read_file(std::string(ATTN_ASSETS_DIR) + "/" + path);
  REQUIRE(text.ok());
  return *text;
}

// Puts the page back in English when a test leaves.
struct English {
  ~English() { set_language("en"); }
};

}  // namespace

TEST_CASE("a key missing in a language falls back to English; an unknown key shows itself", "[i18n]") {
  English restore;
  REQUIRE(set_language("es", R"({"frame.copy": "Copiar"})").empty());
  CHECK(language() == "es");
  CHECK(std::string(tr("frame.copy")) == "Copiar");
  CHECK(std::string(tr("frame.menu")) == "Menu");           // not in this catalogue: English
  CHECK(std::string(tr("no.such.key")) == "no.such.key");   // not even in English: visible, listed by the check script
  CHECK_FALSE(set_language("es", "[1, 2]").empty());         // a broken catalogue: one line, and English
  CHECK(language() == "en");
  CHECK_FALSE(set_language("xx").empty());
  CHECK(language() == "en");
}

TEST_CASE("placeholders are filled by name, counts pick one or other", "[i18n]") {
  English restore;
  REQUIRE(set_language("es", R"({"t.order": "{b} antes que {a}", "t.n.one": "{n} cabeza", "t.n.other": "{n} cabezas"})").empty());
  CHECK(trf("t.order", {{"a", "uno"}, {"b", "dos"}}) == "dos antes que uno");
  CHECK(trn("t.n", 1) == "1 cabeza");
  CHECK(trn("t.n", 3) == "3 cabezas");
  CHECK(fill("{x}{x} {y}", {{"x", "ab"}}) == "abab {y}");
}

TEST_CASE("numbers follow the language: 87.9% in English, 87,9 % in Spanish", "[i18n]") {
  English restore;
  CHECK(percent(0.879) == "87.9%");
  CHECK(number(3.14159, 2) == "3.14");
  REQUIRE(set_language("es", "{}").empty());
  CHECK(percent(0.879) == "87,9\u00a0%");
  CHECK(number(3.14159, 2) == "3,14");
  REQUIRE(set_language("zh", "{}").empty());
  CHECK(percent(0.879) == "87.9%");
}

TEST_CASE("language tags: region and case ignored, anything else refused", "[i18n]") {
  CHECK(supported_language("es-MX") == "es");
  CHECK(supported_language("zh-Hans-CN") == "zh");
  CHECK(supported_language("ZH_cn") == "zh");
  CHECK(supported_language("fr").empty());
  CHECK(supported_language("es<script>").empty());
  CHECK(supported_language(std::string(1000, 'e')).empty());
  CHECK(supported_language("").empty());
}

TEST_CASE("the pronoun is found in whatever pieces the tokenizer cut it into", "[i18n]") {
  CHECK(find_pronoun({"The", " cat", " was", " tired", " because", " it", " slept"}, "it|It") == 5);
  CHECK(find_pronoun({"The", " kit", "ten"}, "it|It") == -1);         // inside a word: not the pronoun
  CHECK(find_pronoun({" porque", " e", "lla", " estaba"}, "ella|Ella") == 2);  // «ella» cut in two: its last piece
  CHECK(find_pronoun({"aquella", " casa"}, "ella") == -1);
  CHECK(find_pronoun({"\xE5\xAE", "\x83", "\xE5\xA4\xAA"}, "\xE5\xAE\x83") == 1);  // 它 in two byte tokens
  CHECK(find_pronoun({}, "it") == -1);
}

TEST_CASE("Spanish and Chinese: the lesson, the example sentence and its pronoun", "[i18n]") {
  English restore;
  App app = test::reference_app();
  const std::string english_title = app.lesson.steps[1].title;
  for (const char* code : {"es", "zh"}) {
    CAPTURE(code);
    const std::string lang = code;
    REQUIRE(app_set_language(app, lang, asset("lang/" + lang + ".json"), asset("lang/" + lang + ".lesson.json")).empty());
    CHECK(app.state.lang == lang);
    CHECK(app.lesson.steps.size() == app.lesson_en.steps.size());
    CHECK(app.lesson.steps[1].title != english_title);                  // the lesson is the language's
    CHECK(app.state.text == tr("text.default"));                         // the example follows the language
    CHECK(app.state.text.find(lang == "es" ? "ella" : "\xE5\xAE\x83") != std::string::npos);
    CHECK(app.session.presets().front() == app.state.text);
    std::vector<std::string> pieces;
    for (int id : app.session.ids()) pieces.push_back(app.session.model().tokenizer.decode({id}));
    const PronounAnswer a = answer_it(app.session.trace(), pieces, -1, tr("text.pronouns"));
    CHECK(a.found_it);
  }
  app.session.set_text(app.state, "My own words.");  // a sentence the reader wrote stays when the language changes
  REQUIRE(app_set_language(app, "en", "", "").empty());
  CHECK(app.state.text == "My own words.");
  CHECK(app.lesson.steps[1].title == english_title);
}
