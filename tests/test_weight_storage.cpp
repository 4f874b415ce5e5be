// Loading weight storage: the file's dtype is kept unless the caller chooses F32, F16 or int8, and int8
// files (one scale per output channel) load exactly. The kernels themselves: test_kernels.cpp.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "loading/convert.h"
#include "run/forward.h"
#include "io/safetensors.h"
#include "test_support.h"

using namespace attn;

TEST_CASE("a model keeps its file's dtype, or the storage the caller chooses", "[weights][loading]") {
  const auto& f32 = test::reference_model("f32").model;
  const auto& f16 = test::reference_model("f16").model;
  CHECK(f32.tok_embed.format() == WeightFormat::F32);
  CHECK(f16.tok_embed.format() == WeightFormat::F16);
  CHECK(f16.blocks[0].up.w.format() == WeightFormat::F16);
  CHECK(f16.weight_bytes() < f32.weight_bytes() * 0.6);

  const std::string dir = test::reference_dir() + "/f32";
  const auto config = host::read_file(dir + "/config.json"), file = host::read_file(dir + "/model.safetensors");
  REQUIRE((config.ok() && file.ok()));
  const auto* bytes = reinterpret_cast<const uint8_t*>(file->data());
  const auto& ref = test::reference()["variants"]["f32"][0];
  const auto ids = ref["ids"].get<std::vector<int>>();
  auto reference_logits = trace_tokens(f32, ids);
  REQUIRE(reference_logits.ok());
  const auto& want = reference_logits->logits;
  const double max_logit = std::abs(*std::max_element(want.begin(), want.end(), [](float x, float y) { return std::abs(x) < std::abs(y); }));
  // int8 rounds each weight by up to half a step of its row's largest: a few percent of the logits' range
  // on this random-weight model, enough to swap close candidates, so its top-1 need only be among F32's top 5.
  for (auto [f, tolerance] : {std::pair{WeightFormat::F16, 2e-3 * max_logit}, {WeightFormat::Int8, 0.06 * max_logit}}) {
    INFO(weight_format_name(f));
    auto m = load_model(*config, bytes, file->size(), UINT64_MAX, f);
    REQUIRE(m.ok());
    CHECK(m->tok_embed.format() == f);
    CHECK(m->blocks[1].down.w.format() == f);
    auto tr = trace_tokens(*m, ids);
    REQUIRE(tr.ok());
    double worst = 0;
    for (size_t i = 0; i < tr->logits.size(); ++i) worst = std::max(worst, double(std::abs(tr->logits[i] - reference_logits->logits[i])));
    CHECK(worst < tolerance);
    const float got_top = want[std::max_element(tr->logits.begin(), tr->logits.end()) - tr->logits.begin()];
    const int better = static_cast<int>(std::count_if(want.begin(), want.end(), [&](float x) { return x > got_top; }));
    CHECK(better < (f == WeightFormat::F16 ? 1 : 5));
  }
}

TEST_CASE("an int8 file loads as int8 with exactly the quantized weights it holds", "[weights][loading]") {
  const auto& f32 = test::reference_model("f32").model;
  const std::string int8 = export_safetensors(f32, WeightFormat::Int8);
  const auto config = host::read_file(test::reference_dir() + "/f32/config.json");
  REQUIRE(config.ok());
  auto m = load_model(*config, reinterpret_cast<const uint8_t*>(int8.data()), int8.size());
  REQUIRE(m.ok());
  for (const auto& [loaded, source] : {std::pair{&m->tok_embed, &f32.tok_embed}, {&m->blocks[0].qkv.w, &f32.blocks[0].qkv.w}}) {
    REQUIRE(loaded->format() == WeightFormat::Int8);
    const auto dense = source->to_dense();
    const auto direct = WeightMatrix::pack(dense.data(), source->rows(), source->cols(), false, WeightFormat::Int8);
    for (int r = 0; r < loaded->rows(); ++r) {
      CHECK(loaded->scale(r) == Approx(direct.scale(r)).epsilon(1e-6));
      for (int c = 0; c < loaded->cols(); ++c) CHECK(loaded->i8_row(r)[c] == direct.i8_row(r)[c]);
    }
  }
}

TEST_CASE("int8 files with a missing or mis-sized scale are refused with one line", "[weights][loading]") {
  const auto& f32 = test::reference_model("f32").model;
  const std::string int8 = export_safetensors(f32, WeightFormat::Int8);
  const auto config = host::read_file(test::reference_dir() + "/f32/config.json");
  REQUIRE(config.ok());
  auto file = parse_safetensors(reinterpret_cast<const uint8_t*>(int8.data()), int8.size(), "int8");
  REQUIRE(file.ok());
  // Rewrites the file with one change to its tensors.
  const auto rewrite = [&](auto change) {
    std::vector<TensorBytes> tensors;
    for (const TensorInfo& t : file->tensors)
      tensors.push_back({t.name, t.dtype, t.shape, std::string(reinterpret_cast<const char*>(t.data), t.bytes)});
    change(tensors);
    return write_safetensors(tensors, "test");
  };
  const auto error = [&](const std::string& bytes) {
    auto m = load_model(*config, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return m.ok() ? std::string() : m.error();
  };
  const std::string missing = rewrite([](std::vector<TensorBytes>& ts) {
    ts.erase(std::find_if(ts.begin(), ts.end(), [](const TensorBytes& t) { return t.name == "h.0.mlp.c_fc.weight_scale"; }));
  });
  CHECK(error(missing) == "model.safetensors: int8 tensor 'h.0.mlp.c_fc.weight' has no 'h.0.mlp.c_fc.weight_scale'");
  // Conv1D weights are (in, out): one scale per output column, so a per-row (in) scale is the wrong size.
  const std::string per_row = rewrite([](std::vector<TensorBytes>& ts) {
    for (TensorBytes& t : ts)
      if (t.name == "h.0.mlp.c_fc.weight_scale") {
        t.shape = {t.shape[0] / 4};
        t.bytes.resize(t.bytes.size() / 4);
      }
  });
  const std::string e = error(per_row);
  CHECK(e.find("'h.0.mlp.c_fc.weight_scale' has shape") != std::string::npos);
  CHECK(e.find('\n') == std::string::npos);
}
