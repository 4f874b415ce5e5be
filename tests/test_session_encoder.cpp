// An encoder in the session (BERT, loaded the way the page loads it): the bars fill the blank at the [MASK]
// with the engine's masked-LM probabilities, Mask hides the selected token, a chosen bar fills the blank,
// and Undo brings the token back; a BertModel without a head says so instead of showing bars.
#include <catch2/catch.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/fill.h"
#include "app_test_support.h"
#include "core/url_state.h"
#include "run/forward.h"

using namespace attn;

namespace {

std::unique_ptr<app::SessionModel> bert_model(const std::string& variant) {
  const std::string dir = test::reference_dir() + "/bert/" + variant;
  auto config = host::read_file(dir + "/config.json");
  auto weights = host::read_file(dir + "/model.safetensors");
  auto vocab = host::read_file(dir + "/vocab.txt");
  REQUIRE((config.ok() && weights.ok() && vocab.ok()));
  ModelFiles files{*config, *weights, {}, {}};
  files.vocab_txt = *vocab;
  auto m = load_model_files(files);  // the page's path: bytes in
  REQUIRE(m.ok());
  return app::make_session_model("bert", weights->size(), m.take());
}

app::App bert_app(const std::string& variant) {
  app::App a;
  a.state.text = "The cat sat on the [MASK].";
  a.session.set_model(bert_model(variant), a.state);
  return a;
}

// The shipped default model (GPT-2's architecture and tokens: "␣it" and "␣cat" are single tokens in it).
std::unique_ptr<app::SessionModel> default_model() {
  auto loaded = host::load_model_dir(std::string(ATTN_WEIGHTS_DIR) + "/default");
  REQUIRE(loaded.ok());
  return app::make_session_model("default", 0, loaded.take());
}

app::App default_app() {
  app::App a;
  a.session.set_model(default_model(), a.state);
  return a;
}

// The share of a row after position q.
float after(const std::vector<float>& row, int q) {
  float sum = 0;
  for (size_t k = q + 1; k < row.size(); ++k) sum += row[k];
  return sum;
}

}  // namespace

TEST_CASE("an encoder's bars fill the blank with the masked-LM probabilities", "[session_encoder]") {
  app::App app = bert_app("mlm");
  REQUIRE(app.session.ready());
  const int pos = app.session.fill_position(app.state);
  CHECK(pos == 6);
  auto fills = fill_masks(app.session.model().model, app.session.trace(), app.session.model().tokenizer.mask_id(), 3);
  REQUIRE(fills.ok());
  const Distribution& d = app.session.next();
  REQUIRE(d.kept > 0);
  CHECK(d.sorted[0].id == (*fills)[0].top[0].id);
  CHECK(d.sorted[0].prob == Approx((*fills)[0].top[0].prob).margin(1e-6));
  // A bar fills the blank; Undo brings the [MASK] back.
  const int chosen = d.sorted[0].id;
  REQUIRE(app.session.choose_next(app.state, 0));
  CHECK(app.session.ids()[pos] == chosen);
  CHECK(app.session.fill_position(app.state) == -1);
  CHECK(app.session.next().kept == 0);
  // Mask the selected token: it becomes [MASK] and the bars are for it.
  app::app_select_token(app, 2);
  REQUIRE(app.session.mask_selected(app.state));
  CHECK(app.session.ids()[2] == app.session.model().tokenizer.mask_id());
  CHECK(app.session.fill_position(app.state) == 2);
  CHECK(app.session.next().kept > 0);
  REQUIRE(app.session.undo(app.state));
  CHECK(app.session.ids()[2] != app.session.model().tokenizer.mask_id());
}

TEST_CASE("a BertModel without a masked-LM head traces but shows no bars", "[session_encoder]") {
  app::App app = bert_app("base");
  REQUIRE(app.session.ready());
  CHECK(app.session.trace().n_tokens == static_cast<int>(app.session.ids().size()));
  CHECK(app.session.next().kept == 0);
  CHECK(!app.session.trace().causal);
}

TEST_CASE("BERT beside GPT-2: the same word's row in each, and a reading of the difference", "[session_encoder]") {
  app::App app = default_app();  // GPT-2's architecture (a decoder), on the default sentence
  CHECK(app::partner_choices(app) == std::vector<std::string>{"hf:google-bert/bert-base-uncased"});
  app::partner_set_model(app, bert_model("mlm"));
  const app::Partner& p = app.partner;
  REQUIRE(p.loaded());
  CHECK(p.state.text == app.state.text);
  CHECK(p.session.ids() == p.session.model().tokenizer.encode(app.state.text));
  // GPT-2's "␣it" is token 8; BERT's "it" is token 10 ([CLS] the animal didn ' t cross the street because it ...).
  REQUIRE(app.session.tokens()[8] == "\u2423it");
  app::app_select_token(app, 8);
  app::sync_partner(app);
  CHECK(p.session.selected(p.state) == 10);
  CHECK(p.session.tokens()[10] == "it");
  // The row shown is the partner's layer and head at that token: the same numbers as tracing BERT directly.
  app.partner.state.layer = 1;
  app.partner.state.head = 2;
  auto direct = trace_tokens(p.session.model().model, p.session.ids());
  REQUIRE(direct.ok());
  const std::vector<float> row = p.session.trace().weight_row(1, 2, 10);
  CHECK(row == direct->weight_row(1, 2, 10));
  char share[16];
  std::snprintf(share, sizeof share, "%.0f%%", 100.0f * after(row, 10));
  const std::string reading = app::partner_reading(app);
  INFO(reading);
  CHECK(reading.find("BERT's \"it\" (layer 1, head 2) puts " + std::string(share) + " of its attention on the 5 tokens after it") == 0);
  CHECK(reading.find("GPT-2 cannot look there: its \"\u2423it\" sees only the 9 tokens up to itself.") != std::string::npos);
  // A token only BERT has ([CLS]) picked on its side stays picked until the reader's query changes.
  app.partner.state.selected = 0;
  app::sync_partner(app);
  CHECK(p.state.selected == 0);
  app::app_select_token(app, 1);  // "␣animal"
  app::sync_partner(app);
  CHECK(p.session.tokens()[p.session.selected(p.state)] == "animal");
  // A new text reaches the partner.
  app.session.set_text(app.state, "The cat sat on the mat.");
  app::sync_partner(app);
  CHECK(p.session.ids() == p.session.model().tokenizer.encode("The cat sat on the mat."));
  CHECK(app::partner_token(app, 0) == 1);  // "The" -> "the"
}

TEST_CASE("the partner's layer and head go into the link and come back when it loads", "[session_encoder][url]") {
  app::App app = default_app();
  app::partner_set_model(app, bert_model("mlm"));
  const Config& bert = app.partner.session.model().model.config;
  app::partner_set_layer_head(app, 1, 2);
  CHECK((app.partner.state.layer == 1 && app.partner.state.head == 2));
  const std::string link = app::state_to_fragment(app);
  CHECK(link.find("wh=1.2") != std::string::npos);
  // An embed of it names the partner in the page's query, where the page loads it.
  const std::string embed = app::embed_code(app, "https://example.org/");
  CHECK(embed.find("&with=" + app::url_encode(app.partner.session.model().name) + "&embed=") != std::string::npos);
  CHECK(nlohmann::json::parse(app::app_state_json(app))["partner_head"] == nlohmann::json::parse(R"({"layer":1,"head":2})"));
  // The link is opened before its partner has loaded (?with= fetches it): the choice waits for the model.
  app::App opened = default_app();
  CHECK(app::apply_fragment(opened, link).empty());
  app::partner_set_model(opened, bert_model("mlm"));
  CHECK((opened.partner.state.layer == 1 && opened.partner.state.head == 2));
  // A hand-made link asks for a head the partner does not have: clamped to it when it loads.
  app::App hostile = default_app();
  app::apply_fragment(hostile, "wh=99999999999.-7");
  app::partner_set_model(hostile, bert_model("mlm"));
  CHECK((hostile.partner.state.layer == bert.n_layer - 1 && hostile.partner.state.head == 0));
  for (const char* junk : {"", "3", "a.b", "1e308.nan", "%FF.2"}) {
    app::App j = default_app();
    app::apply_fragment(j, std::string("wh=") + junk);
    app::partner_set_model(j, bert_model("mlm"));
    CHECK((j.partner.state.layer >= 0 && j.partner.state.layer < bert.n_layer));
    CHECK((j.partner.state.head >= 0 && j.partner.state.head < bert.n_head));
  }
  // Closing the partner takes it out of the link.
  app::partner_close(app);
  CHECK(app.partner.closed);
  CHECK_FALSE(app.partner.loaded());
  CHECK(app::state_to_fragment(app).find("wh=") == std::string::npos);
}

TEST_CASE("a decoder beside BERT; two decoders have no reading", "[session_encoder]") {
  app::App app = bert_app("mlm");
  CHECK(app::partner_choices(app) == std::vector<std::string>{"hf:openai-community/gpt2", "default"});
  app::partner_set_model(app, default_model());
  REQUIRE(app.partner.loaded());
  app::app_select_token(app, 2);  // "cat"
  app::sync_partner(app);
  CHECK(app.partner.session.tokens()[app.partner.session.selected(app.partner.state)] == "\u2423cat");
  CHECK(app::partner_reading(app).find("BERT's \"cat\"") == 0);
  app::App two = default_app();
  app::partner_set_model(two, default_model());
  CHECK(two.partner.loaded());
  CHECK(app::partner_reading(two).empty());
}
