// Loading whole models: crafted tiny GPT-2 files, each broken in one way, and the reference checkpoints.
#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <limits>
#include <map>

#include "model/model.h"
#include "test_support.h"

using namespace attn;

namespace {

// A 1-layer GPT-2 (C = 4, 2 heads, 4 positions, vocab 257) as name -> (dtype, shape, values).
struct Spec {
  std::string dtype;
  std::vector<int64_t> shape;
  std::vector<float> values;
};
using Tensors = std::map<std::string, Spec>;

const std::string kConfig = R"({"n_layer":1,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})";

Tensors tiny_gpt2() {
  const auto t = [](std::vector<int64_t> shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    std::vector<float> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = 0.01f * static_cast<float>(i % 7);
    return Spec{"F32", shape, v};
  };
  Tensors m{{"wte.weight", t({257, 4})}, {"wpe.weight", t({4, 4})}, {"ln_f.weight", t({4})}, {"ln_f.bias", t({4})}};
  for (const char* n : {"ln_1", "ln_2"}) {
    m[std::string("h.0.") + n + ".weight"] = t({4});
    m[std::string("h.0.") + n + ".bias"] = t({4});
  }
  const std::pair<const char*, std::pair<int, int>> linears[] = {
      {"attn.c_attn", {4, 12}}, {"attn.c_proj", {4, 4}}, {"mlp.c_fc", {4, 16}}, {"mlp.c_proj", {16, 4}}};
  for (const auto& [name, io] : linears) {
    m[std::string("h.0.") + name + ".weight"] = t({io.first, io.second});
    m[std::string("h.0.") + name + ".bias"] = t({io.second});
  }
  return m;
}

std::string encode(const Tensors& tensors) {
  nlohmann::json header;
  std::string data;
  for (const auto& [name, s] : tensors) {
    const size_t begin = data.size();
    for (float v : s.values) {
      if (s.dtype == "F32") {
        char b[4];
        std::memcpy(b, &v, 4);
        data.append(b, 4);
      } else {  // I32 etc.: raw ints, to exercise dtype errors
        int32_t i = static_cast<int32_t>(v);
        data.append(reinterpret_cast<char*>(&i), 4);
      }
    }
    header[name] = {{"dtype", s.dtype}, {"shape", s.shape}, {"data_offsets", {begin, data.size()}}};
  }
  return test::safetensors_bytes(header.dump(), data);
}

// The whole-file loader's error; the streaming loader, fed the same file in small pieces without knowing
// its length, must refuse it with the same line.
std::string load_error(const Tensors& tensors, const std::string& config = kConfig) {
  const std::string file = encode(tensors);
  auto m = load_model(config, reinterpret_cast<const uint8_t*>(file.data()), file.size());
  const std::string whole = m.ok() ? "" : m.error();
  CHECK(test::stream_error(config, file, 7) == whole);
  return whole;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a complete tiny GPT-2 loads, with or without the transformer. prefix and HF buffers", "[loading]") {
  CHECK(load_error(tiny_gpt2()) == "");
  Tensors prefixed;
  for (auto& [name, spec] : tiny_gpt2()) prefixed["transformer." + name] = spec;
  prefixed["transformer.h.0.attn.bias"] = {"F32", {1, 1, 4, 4}, std::vector<float>(16, 1.0f)};
  prefixed["transformer.h.0.attn.masked_bias"] = {"F32", {}, {-1e4f}};
  prefixed["lm_head.weight"] = tiny_gpt2()["wte.weight"];
  CHECK(load_error(prefixed) == "");
}

TEST_CASE("each broken model file is rejected with a one-line error naming the tensor", "[loading]") {
  struct Case {
    std::string name, expect;
    std::function<void(Tensors&)> breakage;
  } cases[] = {
      {"missing tensor", "missing tensor 'h.0.mlp.c_fc.bias'", [](Tensors& t) { t.erase("h.0.mlp.c_fc.bias"); }},
      {"wrong shape", "'h.0.attn.c_attn.weight' has shape [12, 4], expected [4, 12]",
       [](Tensors& t) { t["h.0.attn.c_attn.weight"].shape = {12, 4}; }},
      {"extra tensor", "unexpected tensor 'h.1.ln_1.weight'", [](Tensors& t) { t["h.1.ln_1.weight"] = t["h.0.ln_1.weight"]; }},
      {"integer dtype", "'wpe.weight' has dtype I32", [](Tensors& t) { t["wpe.weight"].dtype = "I32"; }},
      {"NaN", "'ln_f.bias' contains NaN or Inf", [](Tensors& t) { t["ln_f.bias"].values[2] = std::nanf(""); }},
      {"Inf", "'wte.weight' contains NaN or Inf",
       [](Tensors& t) { t["wte.weight"].values[100] = std::numeric_limits<float>::infinity(); }},
  };
  for (auto& c : cases) {
    INFO(c.name);
    Tensors t = tiny_gpt2();
    c.breakage(t);
    const std::string e = load_error(t);
    CHECK(contains(e, "model.safetensors: "));
    CHECK(contains(e, c.expect));
    CHECK(e.find('\n') == std::string::npos);
  }
}

TEST_CASE("a model too big for the memory limit is refused before allocating", "[loading]") {
  const std::string file = encode(tiny_gpt2());
  auto m = load_model(kConfig, reinterpret_cast<const uint8_t*>(file.data()), file.size(), 1000);
  CHECK(m.error().find("needs 0 MB of memory") != std::string::npos);
  // GPT-2-small's shapes need ~500 MB as F32, half as F16, a quarter as int8: checked against the budget
  // before the file is read or anything allocated.
  const std::string gpt2 = R"({"n_layer":12,"n_head":12,"n_embd":768,"n_positions":1024,"vocab_size":50257})";
  CHECK(load_model(gpt2, nullptr, 0, 100000000, WeightFormat::F32).error().find("needs 497 MB of memory for its f32") != std::string::npos);
  CHECK(load_model(gpt2, nullptr, 0, 100000000, WeightFormat::F16).error().find("needs 248 MB of memory for its f16") != std::string::npos);
  CHECK(load_model(gpt2, nullptr, 0, 100000000, WeightFormat::Int8).error().find("needs 124 MB") != std::string::npos);
}

TEST_CASE("bad config.json files are rejected before any weight is read", "[loading]") {
  const std::pair<std::string, std::string> cases[] = {
      {"{", "config.json: not a JSON object"},
      {R"({"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})", "missing 'n_layer'"},
      {R"({"n_layer":1000000,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})", "'n_layer' = 1000000 is outside"},
      {R"({"n_layer":1,"n_head":3,"n_embd":4,"n_positions":4,"vocab_size":257})", "not a multiple of n_head"},
      {R"({"n_layer":0,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})", "'n_layer' = 0 is outside"},
      {R"({"n_layer":1,"n_head":2,"n_embd":4,"n_positions":4,"vocab_size":60000})", "'vocab_size' = 60000"},
      {R"({"n_layer":"1","n_head":2,"n_embd":4,"n_positions":4,"vocab_size":257})", "'n_layer' is not an integer"},
      {R"({"n_layer":1,"n_head":2,"n_embd":4,"n_ctx":4,"vocab_size":257,"layer_norm_epsilon":-1})", "layer_norm_epsilon"},
      {R"({"n_layer":1,"n_head":2,"n_embd":4,"n_ctx":4,"vocab_size":257,"activation_function":"relu"})", "GELU"},
      {R"({"model_type":"t5","architectures":["T5ForConditionalGeneration"],"d_model":512})",
       "config.json: this is a 't5' (T5ForConditionalGeneration) model; the explainer runs GPT-2, Llama-family, BERT models"},
      {R"({"model_type":"llama","architectures":["LlamaForCausalLM"],"hidden_size":4096})", "missing 'num_hidden_layers'"},
  };
  for (const auto& [config, expect] : cases) {
    INFO(config);
    CHECK(contains(load_error(tiny_gpt2(), config), expect));
  }
  // n_ctx stands in for n_positions, as in older GPT-2 configs.
  CHECK(load_error(tiny_gpt2(), R"({"n_layer":1,"n_head":2,"n_embd":4,"n_ctx":4,"vocab_size":257})") == "");
}

TEST_CASE("the F16 and BF16 reference checkpoints load with HF's prefix and buffers", "[loading]") {
  for (const char* variant : {"f32", "f16", "bf16", "untied"}) {
    const auto& m = test::reference_model(variant).model;
    CHECK(m.config.n_layer == 2);
    CHECK(m.blocks.size() == 2);
    CHECK(m.tok_embed.rows() == 1024);
  }
  // A stored lm_head equal to wte is the tied output layer and kept once; one that differs is kept apart.
  CHECK(test::reference_model("f16").model.lm_head.rows() == 0);
  CHECK(test::reference_model("untied").model.lm_head.rows() == 1024);
  CHECK(&test::reference_model("untied").model.output_layer() == &test::reference_model("untied").model.lm_head);
}
