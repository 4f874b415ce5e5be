// BERT in the engine against the float64 PyTorch reference in scripts/make_bert_reference.py: every
// attention weight (rows over every key: no mask) and the masked-LM logits at every position, for
// BertForMaskedLM with a stored decoder, the older gamma/beta layout without one, and BertModel (no head).
#include <catch2/catch.hpp>

#include "analysis/fill.h"
#include "host/model_dir.h"
#include "run/forward.h"
#include "test_support.h"

using namespace attn;

namespace {

std::string dir() { return std::string(ATTN_REFERENCE_DIR) + "/bert"; }

Expected<Model> load(const std::string& variant) {
  auto config = host::read_file(dir() + "/" + variant + "/config.json");
  auto weights = host::read_file(dir() + "/" + variant + "/model.safetensors");
  return load_model(*config, reinterpret_cast<const uint8_t*>(weights->data()), weights->size());
}

}  // namespace

TEST_CASE("BERT's attention over every key and its masked-LM logits match PyTorch within 1e-4", "[bert]") {
  const auto ref = nlohmann::json::parse(*host::read_file(dir() + "/bert_reference.json"));
  for (const char* variant : {"mlm", "old"}) {
    auto m = load(variant);
    REQUIRE(m.ok());
    CHECK(m->config.family == "bert");
    CHECK(!m->config.traits.causal);
    CHECK(m->lm_head.rows() == 0);  // the stored decoder equals the word embeddings: kept once
    for (const auto& c : ref["cases"]) {
      const auto ids = c["ids"].get<std::vector<int>>();
      INFO(variant << ", " << ids.size() << " tokens");
      auto tr = trace_tokens(*m, ids);
      REQUIRE(tr.ok());
      CHECK(tr->visible(0, int(ids.size()) - 1));  // the first token sees the last
      CHECK(tr->keys(0) == int(ids.size()));
      std::vector<double> want;
      for (const auto& layer : c["attention"])
        for (const auto& head : layer)
          for (const auto& row : head)
            for (const auto& w : row) want.push_back(w.get<double>());
      CHECK(test::max_abs_diff(test::trace_fields(*tr)["weights"], want) < 1e-4);
      std::vector<float> logits(m->config.vocab_size), scratch;
      for (size_t t = 0; t < ids.size(); ++t) {
        output_logits(*m, tr->residual(tr->n_layer, int(t)), logits.data(), scratch);
        CHECK(test::max_abs_diff(logits, c["logits"][t].get<std::vector<double>>()) < 1e-4);
      }
    }
  }
}

TEST_CASE("a BertModel loads without a masked-LM head; an encoder refuses to continue a cached text", "[bert]") {
  auto base = load("base");
  REQUIRE(base.ok());
  CHECK(base->head_dense.w.rows() == 0);
  CHECK(base->output_bias.size() == 0);
  KVCache cache = KVCache::make(base->config).take();
  REQUIRE(forward_into(*base, cache, std::vector<int>{101, 7, 102}.data(), 3).ok());
  const int more = 9;
  CHECK(forward_into(*base, cache, &more, 1).error() == "forward: an encoder reads the whole text at once; run it from an empty cache");
}

TEST_CASE("bad BERT files give one line naming what is wrong", "[bert]") {
  auto config = nlohmann::json::parse(*host::read_file(dir() + "/mlm/config.json"));
  auto weights = *host::read_file(dir() + "/mlm/model.safetensors");
  const auto error = [&](const nlohmann::json& c) {
    auto m = load_model(c.dump(), reinterpret_cast<const uint8_t*>(weights.data()), weights.size());
    return m ? std::string() : m.error();
  };
  auto missing = config;
  missing.erase("intermediate_size");
  CHECK(error(missing) == "config.json: missing 'intermediate_size'");
  auto vocab = config;
  vocab["vocab_size"] = 301;
  CHECK(error(vocab) == "model.safetensors: tensor 'bert.embeddings.word_embeddings.weight' has shape [300, 48], expected [301, 48]");
  auto act = config;
  act["hidden_act"] = "relu";
  CHECK(error(act) == "config.json: hidden_act \"relu\" is not BERT's GELU");
}

TEST_CASE("WordPiece equals the independent uncased tokenizer on tricky strings", "[bert]") {
  const auto ref = nlohmann::json::parse(*host::read_file(dir() + "/bert_reference.json"));
  auto loaded = host::load_model_dir(dir() + "/mlm");
  REQUIRE(loaded.ok());
  const Tokenizer& tok = loaded->tokenizer;
  CHECK(tok.wordpiece());
  CHECK(tok.mask_id() == 103);
  for (const auto& c : ref["tokenizer"]) {
    INFO(c["text"].get<std::string>());
    CHECK(tok.encode(c["text"].get<std::string>()) == c["ids"].get<std::vector<int>>());
  }
  CHECK(tok.decode(tok.encode("The cat sat on the mat.")) == "the cat sat on the mat .");
  CHECK(tok.display(tok.encode("unhappy")[2]) == "##happy");
  // Bad vocabularies: one line each.
  CHECK(Tokenizer::load_wordpiece("[CLS]\n[SEP]\n[UNK]\n", true, 3).error() == "vocab.txt has no [MASK] token");
  CHECK(Tokenizer::load_wordpiece("[CLS]\n", true, 300).error() == "vocab.txt: 1 tokens, but the model's vocab_size is 300");
}

TEST_CASE("fill-the-blank gives PyTorch's masked-LM probabilities at each [MASK]", "[bert]") {
  const auto ref = nlohmann::json::parse(*host::read_file(dir() + "/bert_reference.json"));
  auto loaded = host::load_model_dir(dir() + "/mlm", WeightFormat::F32);
  REQUIRE(loaded.ok());
  for (const auto& c : ref["fill"]) {
    INFO(c["text"].get<std::string>());
    const auto ids = loaded->tokenizer.encode(c["text"].get<std::string>());
    REQUIRE(ids == c["ids"].get<std::vector<int>>());
    auto tr = trace_tokens(loaded->model, ids);
    REQUIRE(tr.ok());
    auto fills = fill_masks(loaded->model, *tr, loaded->tokenizer.mask_id(), 5);
    REQUIRE(fills.ok());
    REQUIRE(fills->size() == c["fills"].size());
    for (size_t i = 0; i < fills->size(); ++i) {
      CHECK((*fills)[i].position == c["fills"][i]["position"].get<int>());
      CHECK(test::max_abs_diff((*fills)[i].probs, c["fills"][i]["probs"].get<std::vector<double>>()) < 1e-4);
    }
  }
  auto none = trace_tokens(loaded->model, loaded->tokenizer.encode("the cat"));
  CHECK(fill_masks(loaded->model, *none, 103, 5).error() == "fill: the text has no [MASK] to fill");
  auto base = host::load_model_dir(dir() + "/base");
  REQUIRE(base.ok());
  auto tr = trace_tokens(base->model, base->tokenizer.encode("the [MASK]"));
  CHECK(fill_masks(base->model, *tr, 103, 5).error().find("no masked-LM head") != std::string::npos);
}
