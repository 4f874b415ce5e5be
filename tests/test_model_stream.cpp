// The streaming loader (io/model_stream.h): a file fed in pieces of any size gives bit-identical weights to
// loading it whole, in every storage format, and a broken or cut-off file is refused with one line.
#include <catch2/catch.hpp>
#include <optional>

#include "loading/convert.h"
#include "loading/model_stream.h"
#include "test_support.h"

using namespace attn;

namespace {

bool same(const Linear& a, const Linear& b) { return a.w.same_values(b.w) && a.b == b.b; }
bool same(const Norm& a, const Norm& b) { return a.w == b.w && a.b == b.b; }

bool same_weights(const Model& a, const Model& b) {
  if (!a.tok_embed.same_values(b.tok_embed) || !a.lm_head.same_values(b.lm_head) || a.pos_embed != b.pos_embed || !same(a.final_norm, b.final_norm)) return false;
  if (a.blocks.size() != b.blocks.size()) return false;
  for (size_t l = 0; l < a.blocks.size(); ++l) {
    const Block &x = a.blocks[l], &y = b.blocks[l];
    if (!same(x.attn_norm, y.attn_norm) || !same(x.mlp_norm, y.mlp_norm) || !same(x.qkv, y.qkv) || !same(x.o_proj, y.o_proj) ||
        !same(x.up, y.up) || !same(x.down, y.down))
      return false;
  }
  return true;
}

std::string file_of(const std::string& variant) { return host::read_file(test::reference_dir() + "/" + variant + "/model.safetensors").take(); }
std::string config_of(const std::string& variant) { return host::read_file(test::reference_dir() + "/" + variant + "/config.json").take(); }

Expected<Model> streamed(const std::string& config, const std::string& file, unsigned seed, std::optional<WeightFormat> storage,
                         uint64_t size = ModelStream::kUnknownSize) {
  auto stream = ModelStream::begin(config, {size, UINT64_MAX, storage});
  REQUIRE(stream.ok());
  for (const auto& piece : test::random_pieces(file, seed))
    if (auto r = stream->feed(reinterpret_cast<const uint8_t*>(piece.data()), piece.size()); !r) return fail(r.error());
  return stream->finish();
}

}  // namespace

TEST_CASE("a file streamed in random pieces gives the same weights as the whole file, in every format", "[stream]") {
  const std::string config = config_of("f32");
  std::map<std::string, std::string> files = {{"f32", file_of("f32")}, {"f16", file_of("f16")}, {"bf16", file_of("bf16")},
                                              {"untied", file_of("untied")}};
  auto f32 = load_model(config, reinterpret_cast<const uint8_t*>(files["f32"].data()), files["f32"].size());
  REQUIRE(f32.ok());
  files["int8"] = export_safetensors(*f32, WeightFormat::Int8);  // int8 tensors + scales, dequantized at the end
  for (const auto& [name, file] : files) {
    for (std::optional<WeightFormat> storage : {std::optional<WeightFormat>(), std::optional(WeightFormat::F32),
                                                std::optional(WeightFormat::F16), std::optional(WeightFormat::Int8)}) {
      INFO(name << " stored as " << (storage ? weight_format_name(*storage) : "in the file"));
      auto whole = load_model(config, reinterpret_cast<const uint8_t*>(file.data()), file.size(), UINT64_MAX, storage);
      REQUIRE(whole.ok());
      for (unsigned seed : {1u, 2u}) {
        auto pieces = streamed(config, file, seed, storage);
        REQUIRE(pieces.ok());
        CHECK(same_weights(*whole, *pieces));
      }
    }
  }
}

TEST_CASE("the stream knows the model's shape and memory from the header, before the weights arrive", "[stream]") {
  const std::string file = file_of("untied"), config = config_of("untied");
  auto stream = ModelStream::begin(config, {file.size(), UINT64_MAX, WeightFormat::F16});
  REQUIRE(stream.ok());
  const size_t header = 8 + size_t(file[0] & 0xFF) + (size_t(file[1] & 0xFF) << 8) + (size_t(file[2] & 0xFF) << 16);
  REQUIRE(stream->feed(reinterpret_cast<const uint8_t*>(file.data()), header - 1).ok());
  CHECK_FALSE(stream->header_read());
  REQUIRE(stream->feed(reinterpret_cast<const uint8_t*>(file.data()) + header - 1, 1).ok());
  CHECK(stream->header_read());
  CHECK(stream->file_size() == file.size());
  CHECK(stream->storage() == WeightFormat::F16);
  const uint64_t C = 64, V = 1024, P = 64, L = 2;  // the reference model; its lm_head is a second V x C table
  CHECK(stream->weight_bytes() == (2 * V * C + P * C + L * (12 * C * C + 13 * C) + 2 * C) * 2);
  CHECK(stream->config().n_layer == 2);
}

TEST_CASE("a cut-off, empty or malformed stream is refused with one line; an error is final", "[stream]") {
  const std::string file = file_of("f16"), config = config_of("f16");
  const auto error_of = [&](const std::string& bytes) { return test::stream_error(config, bytes, 3); };
  CHECK(error_of("") == "model.safetensors: too short for a safetensors header (0 bytes)");
  CHECK(error_of(file.substr(0, 5)) == "model.safetensors: too short for a safetensors header (5 bytes)");
  CHECK(error_of(file.substr(0, 40)).find("header length") != std::string::npos);
  const std::string cut = error_of(file.substr(0, file.size() / 2));
  CHECK(cut.find("lies outside the") != std::string::npos);
  CHECK(cut.find('\n') == std::string::npos);
  std::string huge_header = file;
  huge_header[7] = 1;  // a header length of 2^56 bytes
  CHECK(error_of(huge_header).find("does not fit") != std::string::npos);
  // A known length (Content-Length) shorter than the header's tensors is refused as soon as the header is read.
  auto stream = ModelStream::begin(config, {file.size() / 2});
  REQUIRE(stream.ok());
  auto r = stream->feed(reinterpret_cast<const uint8_t*>(file.data()), 64 * 1024);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("lies outside") != std::string::npos);
  CHECK(stream->feed(reinterpret_cast<const uint8_t*>(file.data()), 1).error() == r.error());
  CHECK(stream->finish().error() == r.error());
  // A budget too small for the header's shape is refused before any weight byte is read.
  auto small = ModelStream::begin(config, {ModelStream::kUnknownSize, 1000});
  REQUIRE(small.ok());
  const auto first = test::random_pieces(file, 4);
  std::string header_error;
  for (const auto& piece : first)
    if (auto f = small->feed(reinterpret_cast<const uint8_t*>(piece.data()), piece.size()); !f) {
      header_error = f.error();
      break;
    }
  CHECK(header_error.find("needs 0 MB of memory") != std::string::npos);
  CHECK(small->received() < 64 * 1024);
}

TEST_CASE("a large F32 file is kept as F16 when asked to compact, a small one as it is", "[stream]") {
  const std::string file = file_of("f32"), config = config_of("f32");
  const auto stored_as = [&](uint64_t compact_above) {
    auto stream = ModelStream::begin(config, {file.size(), UINT64_MAX, std::nullopt, compact_above});
    REQUIRE(stream.ok());
    REQUIRE(stream->feed(reinterpret_cast<const uint8_t*>(file.data()), file.size()).ok());
    auto m = stream->finish();
    REQUIRE(m.ok());
    return m->blocks[1].up.w.format();
  };
  CHECK(stored_as(1000) == WeightFormat::F16);
  CHECK(stored_as(100000000) == WeightFormat::F32);
}
