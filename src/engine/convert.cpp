#include "convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "safetensors.h"

namespace attn {
namespace {

TensorBytes encode(const std::string& name, const float* v, std::vector<int64_t> shape, WeightFormat f) {
  size_t n = 1;
  for (auto d : shape) n *= static_cast<size_t>(d);
  TensorBytes t{name, "F32", shape, {}};
  if (f == WeightFormat::F32) {
    t.bytes.assign(reinterpret_cast<const char*>(v), n * 4);
  } else {
    t.dtype = "F16";
    t.bytes.resize(n * 2);
    for (size_t i = 0; i < n; ++i) {
      const uint16_t h = float_to_half(v[i]);
      t.bytes[2 * i] = static_cast<char>(h & 0xFF);
      t.bytes[2 * i + 1] = static_cast<char>(h >> 8);
    }
  }
  return t;
}

// Symmetric per-row int8: q = round(v / scale), scale = max|row| / 127.
void quantize_rows(std::vector<TensorBytes>& out, const std::string& name, const Matrix& m) {
  TensorBytes q{name, "I8", {m.rows(), m.cols()}, std::string(static_cast<size_t>(m.size()), '\0')};
  std::vector<float> scales(m.rows());
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float max = m.row(r).cwiseAbs().maxCoeff();
    const float scale = max > 0 ? max / 127.0f : 1.0f;
    scales[r] = scale;
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      q.bytes[r * m.cols() + c] = static_cast<char>(static_cast<int8_t>(std::lround(std::clamp(m(r, c) / scale, -127.0f, 127.0f))));
  }
  out.push_back(std::move(q));
  out.push_back(encode(name + "_scale", scales.data(), {m.rows()}, WeightFormat::F32));
}

}  // namespace

Expected<WeightFormat> parse_weight_format(const std::string& name) {
  if (name == "f32") return WeightFormat::F32;
  if (name == "f16") return WeightFormat::F16;
  if (name == "int8") return WeightFormat::Int8;
  return fail("unknown weight format '" + name + "' (use f32, f16 or int8)");
}

std::string export_safetensors(const Model& m, WeightFormat f) {
  std::vector<TensorBytes> out;
  const auto matrix = [&](const std::string& name, const Matrix& w) {
    if (f == WeightFormat::Int8) quantize_rows(out, name, w);
    else out.push_back(encode(name, w.data(), {w.rows(), w.cols()}, f));
  };
  const WeightFormat small = f == WeightFormat::F32 ? WeightFormat::F32 : WeightFormat::F16;  // vectors
  const auto vector = [&](const std::string& name, const RowVector& v) { out.push_back(encode(name, v.data(), {v.size()}, small)); };
  const auto linear = [&](const std::string& p, const Linear& l) {
    matrix(p + ".weight", l.w);
    vector(p + ".bias", l.b);
  };
  const auto norm = [&](const std::string& p, const LayerNorm& n) {
    vector(p + ".weight", n.w);
    vector(p + ".bias", n.b);
  };
  matrix("wte.weight", m.wte);
  // Position embeddings are small and added to every token: keep them at F16 even in int8 files.
  out.push_back(encode("wpe.weight", m.wpe.data(), {m.wpe.rows(), m.wpe.cols()}, small));
  for (size_t l = 0; l < m.h.size(); ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    norm(p + "ln_1", m.h[l].ln_1);
    linear(p + "attn.c_attn", m.h[l].c_attn);
    linear(p + "attn.c_proj", m.h[l].attn_proj);
    norm(p + "ln_2", m.h[l].ln_2);
    linear(p + "mlp.c_fc", m.h[l].c_fc);
    linear(p + "mlp.c_proj", m.h[l].mlp_proj);
  }
  norm("ln_f", m.ln_f);
  const char* note[] = {"attn convert f32", "attn convert f16", "attn convert int8 (per-row scales)"};
  return write_safetensors(out, note[static_cast<int>(f)]);
}

}  // namespace attn
