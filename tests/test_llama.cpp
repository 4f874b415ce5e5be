// The Llama family (SmolLM2's names and tokenizer structure, a Qwen2 variant with q/k/v biases and its own
// lm_head) against the float64 PyTorch reference in scripts/make_llama_reference.py: every query head's
// attention, the logits, ablation, the lens and attribution; the tokenizer against the independent one
// there; and bad configs and files, each one line.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>

#include "analysis/attribution.h"
#include "analysis/logit_lens.h"
#include "analysis/positions.h"
#include "host/model_dir.h"
#include "run/ablation.h"
#include "run/forward.h"
#include "test_support.h"

using namespace attn;

namespace {

const std::string& dir() {
  static const std::string d = std::string(ATTN_REFERENCE_DIR) + "/llama";
  return d;
}

const nlohmann::json& ref() {
  static const nlohmann::json j = nlohmann::json::parse(*host::read_file(dir() + "/llama_reference.json"));
  return j;
}

const LoadedModel& model(const std::string& variant) {
  static std::map<std::string, LoadedModel> cache;
  auto it = cache.find(variant);
  if (it == cache.end()) {
    auto m = host::load_model_dir(dir() + "/" + variant, WeightFormat::F32);
    if (!m) FAIL(m.error());
    it = cache.emplace(variant, m.take()).first;
  }
  return it->second;
}


// A copy of the smollm folder with config.json edited, for the bad-config cases.
std::string load_error_with(const std::function<void(nlohmann::json&)>& edit) {
  auto config = nlohmann::json::parse(*host::read_file(dir() + "/smollm/config.json"));
  edit(config);
  auto weights = host::read_file(dir() + "/smollm/model.safetensors");
  auto m = load_model(config.dump(), reinterpret_cast<const uint8_t*>(weights->data()), weights->size());
  return m ? "" : m.error();
}

}  // namespace

TEST_CASE("Llama-family configs read into the neutral traits", "[llama]") {
  const Config& c = model("smollm").model.config;
  CHECK(c.family == "llama");
  CHECK(c.n_head == 6);
  CHECK(c.n_kv_head == 2);
  CHECK(c.group_size() == 3);
  CHECK(c.traits.norm == NormKind::RMSNorm);
  CHECK(c.traits.positions == PositionKind::Rotary);
  CHECK(c.traits.rope_theta == 100000.0f);
  CHECK(c.traits.mlp == MlpKind::GatedSilu);
  CHECK(!c.traits.qkv_bias);
  CHECK(model("smollm").model.lm_head.rows() == 0);  // tied
  CHECK(model("smollm").model.pos_embed.rows() == 0);
  CHECK(model("qwen2").model.config.traits.qkv_bias);
  CHECK(model("qwen2").model.lm_head.rows() == c.vocab_size);
}

TEST_CASE("every query head's attention and the logits match PyTorch within 1e-4", "[llama]") {
  for (const char* variant : {"smollm", "qwen2"}) {
    const LoadedModel& m = model(variant);
    for (const auto& c : ref()["variants"][variant]) {
      const auto ids = c["ids"].get<std::vector<int>>();
      INFO(variant << ": " << c["text"].get<std::string>());
      CHECK(m.tokenizer.encode(c["text"].get<std::string>()) == ids);
      auto tr = trace_tokens(m.model, ids);
      REQUIRE(tr.ok());
      CHECK(test::max_abs_diff(test::trace_fields(*tr)["weights"], test::flatten(c["attention"])) < 1e-4);
      const auto logits = test::flatten(c["logits"]);
      CHECK(test::max_abs_diff(tr->logits, std::vector<double>(logits.end() - tr->vocab_size, logits.end())) < 1e-4);
      // Decoding a token at a time with the cache gives the same next-token logits at every position.
      KVCache cache = KVCache::make(m.model.config).take();
      for (size_t t = 0; t < ids.size(); ++t) {
        REQUIRE(forward_into(m.model, cache, &ids[t], 1).ok());
        const std::vector<float> got(cache.logits.data(), cache.logits.data() + cache.logits.size());
        CHECK(test::max_abs_diff(got, c["logits"][t].get<std::vector<double>>()) < 1e-4);
      }
    }
  }
}

TEST_CASE("Llama-family ablation, lens and attribution match PyTorch", "[llama]") {
  const LoadedModel& m = model("smollm");
  for (const auto& c : ref()["variants"]["smollm"]) {
    const auto ids = c["ids"].get<std::vector<int>>();
    INFO(c["text"].get<std::string>());
    auto tr = trace_tokens(m.model, ids);
    REQUIRE(tr.ok());
    for (const auto& ab : c["ablations"]) {
      Ablation a{{}, ab["mode"] == "mean" ? AblationMode::Mean : AblationMode::Zero};
      for (const auto& h : ab["heads"]) a.heads.push_back({h[0].get<int>(), h[1].get<int>()});
      auto out = trace_tokens(m.model, ids, a, &*tr);
      REQUIRE(out.ok());
      CHECK(test::max_abs_diff(out->logits, ab["logits"].get<std::vector<double>>()) < 1e-4);
    }
    auto lens = logit_lens(m.model, *tr, 3);
    REQUIRE(lens.ok());
    for (int l = 0; l < lens->n_boundaries; ++l)
      for (int t = 0; t < lens->n_tokens; ++t) {
        const TokenProb& top = lens->at(l, t).top[0];
        CHECK(std::abs(top.prob - c["lens"][l][t][top.id].get<double>()) < 1e-4);
      }
    const int token = c["attribution"]["token"].get<int>();
    auto attr = attribute_logit(m.model, *tr, token);
    REQUIRE(attr.ok());
    CHECK(std::abs(attr->sum - attr->logit) < 1e-3);  // the parts add up to the logit
    CHECK(std::abs(attr->logit - c["attribution"]["logit"].get<double>()) < 1e-4);
    for (const LogitPart& p : attr->parts) {
      if (p.kind == PartKind::Head) CHECK(std::abs(p.value - c["attribution"]["heads"][p.layer][p.head].get<double>()) < 1e-3);
      if (p.kind == PartKind::Embed) CHECK(std::abs(p.value - c["attribution"]["embed"].get<double>()) < 1e-3);
    }
  }
}

TEST_CASE("the Llama-family tokenizer equals the independent one: digits, specials, emoji, CJK", "[llama]") {
  const Tokenizer& tok = model("smollm").tokenizer;
  for (const auto& c : ref()["tokenizer"]) {
    INFO(c["text"].get<std::string>());
    CHECK(tok.encode(c["text"].get<std::string>()) == c["ids"].get<std::vector<int>>());
  }
  CHECK(tok.display(1) == "<|im_start|>");
  CHECK(tok.bos() == -1);  // SmolLM2's tokenizer_config.json does not ask for one
  // With add_bos_token, every text starts with it.
  auto spec = parse_tokenizer_json(*host::read_file(dir() + "/smollm/tokenizer.json"),
                                   R"({"add_bos_token": true, "bos_token": {"content": "<|endoftext|>"}})");
  REQUIRE(spec.ok());
  CHECK(spec->bos == 0);
  CHECK(Tokenizer::load_bpe(spec->vocab_json, spec->merges_txt, *spec, 1027)->encode("a") == std::vector<int>{0, 67});
  // The vocabulary and merges tokenizer.json carries give the same ids as vocab.json + merges.txt.
  auto plain = parse_tokenizer_json(*host::read_file(dir() + "/smollm/tokenizer.json"));
  REQUIRE(plain.ok());
  auto own = Tokenizer::load_bpe(plain->vocab_json, plain->merges_txt, *plain, model("smollm").model.config.vocab_size);
  REQUIRE(own.ok());
  for (const char* text : {"In 2024, 猫 😀", "<|im_end|> 42"}) CHECK(own->encode(text) == tok.encode(text));
}

TEST_CASE("bad Llama-family configs and files are refused with one line", "[llama]") {
  CHECK(load_error_with([](auto& c) { c["num_key_value_heads"] = 4; }) ==
        "config.json: num_key_value_heads 4 does not divide 6 query heads");
  CHECK(load_error_with([](auto& c) { c["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4}}; }) ==
        "config.json: rope_scaling of type \"yarn\" is not supported");
  CHECK(load_error_with([](auto& c) { c["hidden_act"] = "gelu"; }).find("not the SiLU") != std::string::npos);
  CHECK(load_error_with([](auto& c) { c.erase("num_hidden_layers"); }) == "config.json: missing 'num_hidden_layers'");
  // A missing rope_theta takes the family's default, and says so.
  auto config = nlohmann::json::parse(*host::read_file(dir() + "/smollm/config.json"));
  config.erase("rope_theta");
  auto c = parse_config(config.dump());
  REQUIRE(c.ok());
  CHECK(c->traits.rope_theta == 10000.0f);
  REQUIRE(c->notes.size() == 1);
  CHECK(c->notes[0] == "config.json: no rope_theta; using the Llama default of 10000");
}

TEST_CASE("BF16 values beyond F16's range are refused when kept as F16, never turned into inf", "[llama]") {
  std::string file = *host::read_file(dir() + "/smollm/model.safetensors");
  uint64_t header_len = 0;
  std::memcpy(&header_len, file.data(), 8);
  const auto header = nlohmann::json::parse(file.substr(8, header_len));
  const size_t at = 8 + header_len + header["model.layers.0.mlp.up_proj.weight"]["data_offsets"][0].get<size_t>();
  file[at] = 0x74, file[at + 1] = 0x49;  // BF16 0x4974: 999,424
  const std::string config = *host::read_file(dir() + "/smollm/config.json");
  auto f16 = load_model(config, reinterpret_cast<const uint8_t*>(file.data()), file.size(), UINT64_MAX, WeightFormat::F16);
  REQUIRE(!f16.ok());
  CHECK(f16.error() == "model.safetensors: tensor 'model.layers.0.mlp.up_proj.weight' has 1 values beyond F16's range "
                       "(up to 999424); load this model as f32");
  CHECK(load_model(config, reinterpret_cast<const uint8_t*>(file.data()), file.size(), UINT64_MAX, WeightFormat::F32).ok());
}

TEST_CASE("rotary scores by distance are the trace's own scores: only the distance counts", "[llama]") {
  const LoadedModel& m = model("smollm");
  const auto ids = ref()["variants"]["smollm"][0]["ids"].get<std::vector<int>>();
  auto tr = trace_tokens(m.model, ids);
  REQUIRE(tr.ok());
  const float theta = m.model.config.traits.rope_theta;
  const int T = tr->n_tokens;
  for (int l = 0; l < tr->n_layer; ++l)
    for (int h = 0; h < tr->n_head; h += 2)
      for (int q = 0; q < T; q += 3)
        for (int k = 0; k <= q; ++k) {
          const auto by_distance = rotary_scores_by_distance(unrotated_pair(*tr, theta, l, h, q, k), theta, T);
          REQUIRE(by_distance[q - k] == Approx(tr->scaled(l, h, q, k)).margin(1e-4));
        }
  CHECK(rotary_frequency(0, 12, theta) == 1.0);
  CHECK(rotary_frequency(3, 12, theta) == Approx(std::pow(100000.0, -0.5)));
}

TEST_CASE("a learned position table's similarity is the centred cosine of its rows", "[llama]") {
  const Model& gpt2 = test::reference_model("f32").model;
  const auto sim = position_similarity(gpt2, 3, 10);
  REQUIRE(sim.size() == 10);
  CHECK(sim[3] == Approx(1.0f));
  const RowVector mean = gpt2.pos_embed.colwise().mean();
  const RowVector a = gpt2.pos_embed.row(3) - mean, b = gpt2.pos_embed.row(7) - mean;
  CHECK(sim[7] == Approx(a.dot(b) / (a.norm() * b.norm())).margin(1e-6));
  CHECK(position_similarity(model("smollm").model, 0, 10).empty());  // rotary: no table
}
