// The engine's own storage written out (StorageExport) loads back bit for bit: every family (GPT-2's
// transposed Conv1D, Llama's and BERT's fused q/k/v, an untied lm_head), every storage format, and it is
// made in pieces no larger than a few MB. The page caches this file so that a second visit skips conversion.
#include <catch2/catch.hpp>
#include <set>

#include "families/registry.h"
#include "host/model_dir.h"
#include "loading/model_loader.h"
#include "loading/storage_export.h"
#include "run/forward.h"

using namespace attn;

namespace {

struct Written {
  std::string file;
  size_t largest_piece = 0, pieces = 0;
};

Written write(const Model& m) {
  auto e = StorageExport::of(m);
  REQUIRE(e.ok());
  Written w;
  for (std::string_view piece = e->next(); !piece.empty(); piece = e->next()) {
    w.file.append(piece);
    w.largest_piece = std::max(w.largest_piece, piece.size());
    ++w.pieces;
  }
  CHECK(w.file.size() == e->size());
  return w;
}

// Every parameter of a and b, through the family's own list: matrices in the same format with the same bits,
// tables and vectors equal.
void check_same_storage(const Model& a, const Model& b) {
  const Family* family = find_family(a.config.family);
  REQUIRE(family);
  // The optional parts are compared directly, not through the list they decide.
  CHECK(a.lm_head.rows() == b.lm_head.rows());
  CHECK(a.head_dense.w.rows() == b.head_dense.w.rows());  // BERT's masked-LM head
  CHECK(a.output_bias == b.output_bias);
  const std::set<std::string> present = optional_tensors(a);
  auto pa = family->parameters(const_cast<Model&>(a), present), pb = family->parameters(const_cast<Model&>(b), present);
  REQUIRE(pa.size() == pb.size());
  for (size_t i = 0; i < pa.size(); ++i) {
    INFO(pa[i].name);
    if (pa[i].matrix) CHECK(pa[i].matrix->same_values(*pb[i].matrix));
    else if (pa[i].table) CHECK(*pa[i].table == *pb[i].table);
    else CHECK(*pa[i].vector == *pb[i].vector);
  }
}

}  // namespace

TEST_CASE("a model's storage written out loads back bit for bit, in every family and format", "[weights][export]") {
  const std::string ref = ATTN_REFERENCE_DIR;
  const std::pair<std::string, std::vector<WeightFormat>> cases[] = {
      {ref + "/f32", {WeightFormat::F32, WeightFormat::F16, WeightFormat::Int8}},
      {ref + "/untied", {WeightFormat::F16}},
      {ref + "/llama/smollm", {WeightFormat::F16, WeightFormat::Int8}},
      {ref + "/llama/qwen2", {WeightFormat::F16}},
      {ref + "/bert/mlm", {WeightFormat::F16, WeightFormat::F32}},
  };
  for (const auto& [dir, formats] : cases)
    for (WeightFormat f : formats) {
      INFO(dir << " as " << weight_format_name(f));
      auto source = host::load_model_dir(dir, f);
      REQUIRE(source.ok());
      const Written w = write(source->model);
      CHECK(w.largest_piece <= (4u << 20));
      const auto config = host::read_file(dir + "/config.json");
      REQUIRE(config.ok());
      // No storage asked: the file's own dtypes are the storage.
      auto back = load_model(*config, reinterpret_cast<const uint8_t*>(w.file.data()), w.file.size());
      REQUIRE(back.ok());
      check_same_storage(source->model, *back);
      // And the same numbers: every logit of a short text, bit for bit.
      const std::vector<int> ids = {5, 17, 3, 9};
      auto want = trace_tokens(source->model, ids), got = trace_tokens(*back, ids);
      REQUIRE((want.ok() && got.ok()));
      CHECK(want->logits == got->logits);
    }
}

TEST_CASE("an F16 file kept as F16 loads its bits as they are, and NaN or Inf halves are still refused", "[weights][export]") {
  const std::string dir = std::string(ATTN_REFERENCE_DIR) + "/f16";
  auto source = host::load_model_dir(dir, WeightFormat::F16);
  REQUIRE(source.ok());
  std::string file = write(source->model).file;
  const auto config = host::read_file(dir + "/config.json");
  REQUIRE(config.ok());
  // The token embeddings are written first: make their first value an infinity.
  const uint64_t header = 8 + (uint64_t(uint8_t(file[0])) | uint64_t(uint8_t(file[1])) << 8 | uint64_t(uint8_t(file[2])) << 16);
  file[header] = 0x00, file[header + 1] = 0x7C;  // +inf as a half
  auto bad = load_model(*config, reinterpret_cast<const uint8_t*>(file.data()), file.size());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("NaN or Inf") != std::string::npos);
}
