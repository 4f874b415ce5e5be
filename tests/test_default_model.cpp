// The shipped default model against its own training report: the loss the engine computes on a held-out
// slice (tests/data/heldout_slice.txt) must be within 2% of what PyTorch measured at export time.
#include <catch2/catch.hpp>
#include <cmath>

#include "run/forward.h"
#include "test_support.h"

using namespace attn;

TEST_CASE("the shipped model's held-out loss matches training.json within 2%", "[default-model]") {
  const std::string dir = std::string(ATTN_WEIGHTS_DIR) + "/default";
  auto report_text = host::read_file(dir + "/training.json");
  REQUIRE(report_text.ok());
  const auto report = nlohmann::json::parse(*report_text);
  auto loaded = host::load_model_dir(dir);
  REQUIRE(loaded.ok());
  auto text = host::read_file(test::data_dir() + "/heldout_slice.txt");
  REQUIRE(text.ok());
  const auto ids = loaded->tokenizer.encode(*text);
  const int T = loaded->model.config.n_ctx;
  REQUIRE(static_cast<int>(ids.size()) == report["heldout_slice"]["tokens"].get<int>());

  double total = 0;
  long count = 0;
  for (size_t w = 0; (w + 1) * T < ids.size(); ++w) {  // non-overlapping windows, as the training script
    KVCache cache = KVCache::make(loaded->model.config).take();
    for (int t = 0; t < T; ++t) {
      auto logits = forward(loaded->model, cache, {ids[w * T + t]});
      REQUIRE(logits.ok());
      const float max = logits->maxCoeff();
      const double lse = max + std::log((logits->array() - max).exp().sum());
      total += lse - (*logits)(ids[w * T + t + 1]);
      ++count;
    }
  }
  const double loss = total / count;
  const double reported = report["heldout_slice"]["loss"].get<double>();
  INFO("engine loss " << loss << ", training.json " << reported << ", over " << count << " predictions");
  CHECK(std::abs(loss - reported) / reported < 0.02);
  CHECK(report["validation_perplexity"].get<double>() == Approx(std::exp(report["validation_loss"].get<double>())).epsilon(0.01));
}
