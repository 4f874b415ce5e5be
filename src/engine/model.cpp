#include "model.h"

#include <cmath>
#include <map>

#include "safetensors.h"

namespace attn {
namespace {

const std::string kFile = "model.safetensors";

// Finds tensors by their HF name, with or without the "transformer." prefix, and tracks which were used.
class TensorTable {
 public:
  explicit TensorTable(const SafetensorsFile& file) {
    for (const auto& t : file.tensors) {
      const bool prefixed = t.name.rfind("transformer.", 0) == 0;
      by_name_[prefixed ? t.name.substr(12) : t.name] = &t;
    }
  }

  // Converts tensor `name` of the given shape to floats.
  Expected<std::vector<float>> take(const std::string& name, std::vector<int64_t> shape) {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return fail(kFile + ": missing tensor '" + name + "'");
    const TensorInfo& t = *it->second;
    used_[name] = true;
    if (t.shape != shape) return fail(kFile + ": tensor '" + t.name + "' has shape " + str(t.shape) + ", expected " + str(shape));
    auto values = t.dtype == "I8" ? dequantize(t, name) : tensor_to_float(t, kFile);
    if (!values) return values;
    for (float v : *values)
      if (!std::isfinite(v)) return fail(kFile + ": tensor '" + t.name + "' contains NaN or Inf");
    return values;
  }

  // int8 weights carry one scale per row in "<name>_scale" (F32 or F16): value = q · scale[row].
  Expected<std::vector<float>> dequantize(const TensorInfo& t, const std::string& name) {
    const std::string scale_name = name + "_scale";
    auto it = by_name_.find(scale_name);
    if (it == by_name_.end()) return fail(kFile + ": int8 tensor '" + t.name + "' has no '" + scale_name + "'");
    used_[scale_name] = true;
    const int64_t rows = t.shape.empty() ? 1 : t.shape[0];
    if (it->second->shape != std::vector<int64_t>{rows})
      return fail(kFile + ": tensor '" + it->second->name + "' has shape " + str(it->second->shape) + ", expected [" +
                  std::to_string(rows) + "]");
    auto scales = tensor_to_float(*it->second, kFile);
    if (!scales) return scales;
    const size_t cols = rows ? static_cast<size_t>(t.numel() / rows) : 0;
    std::vector<float> out(static_cast<size_t>(t.numel()));
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int8_t>(t.data[i]) * (*scales)[i / cols];
    return out;
  }

  // Names no parameter took, other than the buffers real checkpoints carry (causal mask, tied lm head).
  std::string first_unexpected() const {
    for (const auto& [name, t] : by_name_)
      if (!used_.count(name) && !is_buffer(name)) return t->name;
    return "";
  }

  static bool is_buffer(const std::string& name) {
    const auto ends_with = [&](const std::string& tail) {
      return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    return name == "lm_head.weight" || (name.rfind("h.", 0) == 0 && (ends_with(".attn.bias") || ends_with(".attn.masked_bias")));
  }

  static std::string str(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
  }

 private:
  std::map<std::string, const TensorInfo*> by_name_;
  std::map<std::string, bool> used_;
};

Expected<bool> fill(TensorTable& table, const std::string& name, Matrix* out, int64_t rows, int64_t cols) {
  auto v = table.take(name, {rows, cols});
  if (!v) return fail(v.error());
  *out = Eigen::Map<const Matrix>(v->data(), rows, cols);
  return true;
}

Expected<bool> fill(TensorTable& table, const std::string& name, RowVector* out, int64_t n) {
  auto v = table.take(name, {n});
  if (!v) return fail(v.error());
  *out = Eigen::Map<const RowVector>(v->data(), n);
  return true;
}

Expected<bool> fill(TensorTable& table, const std::string& prefix, Linear* out, int64_t in, int64_t outs) {
  if (auto r = fill(table, prefix + ".weight", &out->w, in, outs); !r) return r;
  return fill(table, prefix + ".bias", &out->b, outs);
}

Expected<bool> fill(TensorTable& table, const std::string& prefix, LayerNorm* out, int64_t n) {
  if (auto r = fill(table, prefix + ".weight", &out->w, n); !r) return r;
  return fill(table, prefix + ".bias", &out->b, n);
}

}  // namespace

Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size, uint64_t max_float_bytes) {
  auto config = parse_config(config_json);
  if (!config) return fail(config.error());
  const uint64_t width = config->n_embd;
  const uint64_t params = uint64_t(config->vocab_size) * width + uint64_t(config->n_ctx) * width +
                          uint64_t(config->n_layer) * (12 * width * width + 13 * width) + 2 * width;
  if (params * 4 > max_float_bytes)
    return fail("config.json: this model needs " + std::to_string(params * 4 / 1000000) + " MB of memory for its weights; "
                "the limit here is " + std::to_string(max_float_bytes / 1000000) + " MB");
  auto file = parse_safetensors(safetensors, size, kFile);
  if (!file) return fail(file.error());

  Model m;
  m.config = *config;
  const int64_t C = m.config.n_embd, V = m.config.vocab_size, P = m.config.n_ctx;
  TensorTable table(*file);
  if (auto r = fill(table, "wte.weight", &m.wte, V, C); !r) return fail(r.error());
  if (auto r = fill(table, "wpe.weight", &m.wpe, P, C); !r) return fail(r.error());
  m.h.resize(m.config.n_layer);
  for (int l = 0; l < m.config.n_layer; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    Block& b = m.h[l];
    for (auto r : {fill(table, p + "ln_1", &b.ln_1, C), fill(table, p + "attn.c_attn", &b.c_attn, C, 3 * C),
                   fill(table, p + "attn.c_proj", &b.attn_proj, C, C), fill(table, p + "ln_2", &b.ln_2, C),
                   fill(table, p + "mlp.c_fc", &b.c_fc, C, 4 * C), fill(table, p + "mlp.c_proj", &b.mlp_proj, 4 * C, C)})
      if (!r) return fail(r.error());
  }
  if (auto r = fill(table, "ln_f", &m.ln_f, C); !r) return fail(r.error());
  if (auto name = table.first_unexpected(); !name.empty())
    return fail(kFile + ": unexpected tensor '" + name + "' (not part of a " + std::to_string(m.config.n_layer) +
                "-layer GPT-2)");
  return m;
}

}  // namespace attn
