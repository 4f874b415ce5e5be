// An encoder in the session (BERT, loaded the way the page loads it): the bars fill the blank at the [MASK]
// with the engine's masked-LM probabilities, Mask hides the selected token, a chosen bar fills the blank,
// and Undo brings the token back; a BertModel without a head says so instead of showing bars.
#include <catch2/catch.hpp>

#include "analysis/fill.h"
#include "app_test_support.h"
#include "run/forward.h"

using namespace attn;

namespace {

app::App bert_app(const std::string& variant) {
  const std::string dir = test::reference_dir() + "/bert/" + variant;
  auto config = host::read_file(dir + "/config.json");
  auto weights = host::read_file(dir + "/model.safetensors");
  auto vocab = host::read_file(dir + "/vocab.txt");
  REQUIRE((config.ok() && weights.ok() && vocab.ok()));
  ModelFiles files{*config, *weights, {}, {}};
  files.vocab_txt = *vocab;
  auto m = load_model_files(files);  // the page's path: bytes in
  REQUIRE(m.ok());
  app::App a;
  a.state.text = "The cat sat on the [MASK].";
  a.session.set_model(app::make_session_model("bert", weights->size(), m.take()), a.state);
  return a;
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
