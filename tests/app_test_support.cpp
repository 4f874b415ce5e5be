#include "app_test_support.h"

#include <catch2/catch.hpp>

namespace attn::test {

std::unique_ptr<app::SessionModel> reference_app_model() {
  const std::string dir = reference_dir() + "/f32";
  auto config = host::read_file(dir + "/config.json");
  auto weights = host::read_file(dir + "/model.safetensors");
  auto encoder = host::read_file(host::default_tokenizer_dir() + "/encoder.json");
  auto bpe = host::read_file(host::default_tokenizer_dir() + "/vocab.bpe");
  REQUIRE((config.ok() && weights.ok() && encoder.ok() && bpe.ok()));
  auto m = load_model_files({*config, *weights, *encoder, *bpe});  // the page's path: bytes in
  REQUIRE(m.ok());
  return app::make_session_model("reference", weights->size(), m.take());
}

app::App reference_app() {
  app::App a;
  auto lesson = host::read_file(std::string(ATTN_ASSETS_DIR) + "/lesson.json");
  REQUIRE(lesson.ok());
  app::app_set_lesson(a, *lesson);
  a.session.set_model(reference_app_model(), a.state);
  return a;
}

}  // namespace attn::test
