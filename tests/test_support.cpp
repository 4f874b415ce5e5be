#include "test_support.h"

#include <functional>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>

#include "loading/model_stream.h"


namespace attn::test {

std::string data_dir() { return ATTN_TEST_DATA_DIR; }
std::string reference_dir() { return ATTN_REFERENCE_DIR; }

const Tokenizer& gpt2_tokenizer() {
  static const Tokenizer tok = [] {
    auto t = host::load_tokenizer();
    if (!t) FAIL(t.error());
    return t.take();
  }();
  return tok;
}

const nlohmann::json& reference() {
  static const nlohmann::json j = [] {
    auto text = host::read_file(reference_dir() + "/reference.json");
    if (!text) FAIL(text.error() + " (the reference_model test makes it)");
    return nlohmann::json::parse(*text);
  }();
  return j;
}

const LoadedModel& reference_model(const std::string& variant) {
  static std::map<std::string, LoadedModel> cache;
  auto it = cache.find(variant);
  if (it == cache.end()) {
    auto m = host::load_model_dir(reference_dir() + "/" + variant);
    if (!m) FAIL(m.error());
    it = cache.emplace(variant, m.take()).first;
  }
  return it->second;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return out + header + data;
}

std::vector<std::string> random_pieces(const std::string& file, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> pieces;
  for (size_t at = 0; at < file.size();) {
    // Mostly small pieces, some single bytes (a header split anywhere), some large.
    const size_t n = std::min(file.size() - at, size_t(rng() % 4 == 0 ? 1 + rng() % 3 : 1 + rng() % 5000));
    pieces.push_back(file.substr(at, n));
    at += n;
  }
  return pieces;
}

std::string stream_error(const std::string& config, const std::string& file, unsigned seed) {
  auto stream = ModelStream::begin(config);
  if (!stream) return stream.error();
  for (const auto& piece : random_pieces(file, seed))
    if (auto r = stream->feed(reinterpret_cast<const uint8_t*>(piece.data()), piece.size()); !r) return r.error();
  auto model = stream->finish();
  return model ? "" : model.error();
}

std::map<std::string, std::vector<float>> trace_fields(const Trace& tr) {
  std::map<std::string, std::vector<float>> out;
  const int L = tr.n_layer, T = tr.n_tokens;
  for (int l = 0; l < L; ++l) {
    for (int h = 0; h < tr.n_head; ++h)
      for (int q = 0; q < T; ++q) {
        const auto row = tr.weight_row(l, h, q);
        out["weights"].insert(out["weights"].end(), row.begin(), row.end());
      }
    const LayerTrace& r = *tr.layers[l];
    for (auto [name, v] : {std::pair{"q", &r.q}, {"k", &r.k}, {"v", &r.v}, {"concat", &r.concat}, {"attn_out", &r.attn_out}})
      out[name].insert(out[name].end(), v->begin(), v->end());
  }
  for (int l = 0; l <= L; ++l)
    for (int t = 0; t < T; ++t) out["residual"].insert(out["residual"].end(), tr.residual(l, t), tr.residual(l, t) + tr.n_embd);
  out["logits"] = tr.logits;
  return out;
}

std::vector<double> flatten(const nlohmann::json& j) {
  std::vector<double> out;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& x) {
    if (x.is_array())
      for (const auto& e : x) walk(e);
    else
      out.push_back(x.get<double>());
  };
  walk(j);
  return out;
}

}  // namespace attn::test
