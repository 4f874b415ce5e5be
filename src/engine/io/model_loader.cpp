#include "io/model_loader.h"

#include <cmath>
#include <map>
#include <string>

#include "io/safetensors.h"

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

  // Converts tensor `name` of the given shape to floats. Int8 tensors are scaled per row, or per column
  // when `scale_per_column` (Conv1D weights, whose columns are the outputs).
  Expected<std::vector<float>> take(const std::string& name, std::vector<int64_t> shape, bool scale_per_column = false) {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return fail(kFile + ": missing tensor '" + name + "'");
    const TensorInfo& t = *it->second;
    used_[name] = true;
    if (t.shape != shape) return fail(kFile + ": tensor '" + t.name + "' has shape " + str(t.shape) + ", expected " + str(shape));
    auto values = t.dtype == "I8" ? dequantize(t, name, scale_per_column) : tensor_to_float(t, kFile);
    if (!values) return values;
    for (float v : *values)
      if (!std::isfinite(v)) return fail(kFile + ": tensor '" + t.name + "' contains NaN or Inf");
    return values;
  }

  // How a weight matrix is kept when the caller does not choose: as close to the file as the kernels go.
  WeightFormat format_of(const std::string& name) const {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) return WeightFormat::F32;
    return it->second->dtype == "F16" ? WeightFormat::F16 : it->second->dtype == "I8" ? WeightFormat::Int8 : WeightFormat::F32;
  }

  // int8 weights carry one scale per output channel in "<name>_scale" (F32 or F16): value = q · scale.
  Expected<std::vector<float>> dequantize(const TensorInfo& t, const std::string& name, bool per_column) {
    const std::string scale_name = name + "_scale";
    auto it = by_name_.find(scale_name);
    if (it == by_name_.end()) return fail(kFile + ": int8 tensor '" + t.name + "' has no '" + scale_name + "'");
    used_[scale_name] = true;
    const int64_t rows = t.shape.empty() ? 1 : t.shape[0];
    const size_t cols = rows ? static_cast<size_t>(t.numel() / rows) : 0;
    const int64_t n_scales = per_column ? static_cast<int64_t>(cols) : rows;
    if (it->second->shape != std::vector<int64_t>{n_scales})
      return fail(kFile + ": tensor '" + it->second->name + "' has shape " + str(it->second->shape) + ", expected [" +
                  std::to_string(n_scales) + "]");
    auto scales = tensor_to_float(*it->second, kFile);
    if (!scales) return scales;
    std::vector<float> out(static_cast<size_t>(t.numel()));
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<int8_t>(t.data[i]) * (*scales)[per_column ? i % cols : i / cols];
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

// A weight matrix stored (rows, cols) in the file, kept for y = W·x: transposed when the file's rows are
// the inputs (Conv1D), as is when they are the outputs (wte).
Expected<bool> fill(TensorTable& table, const std::string& name, WeightMatrix* out, int64_t rows, int64_t cols,
                    bool rows_are_inputs, std::optional<WeightFormat> storage) {
  auto v = table.take(name, {rows, cols}, rows_are_inputs);
  if (!v) return fail(v.error());
  const WeightFormat format = storage ? *storage : table.format_of(name);
  *out = rows_are_inputs ? WeightMatrix::pack(v->data(), int(cols), int(rows), true, format)
                         : WeightMatrix::pack(v->data(), int(rows), int(cols), false, format);
  return true;
}

Expected<bool> fill(TensorTable& table, const std::string& name, RowVector* out, int64_t n) {
  auto v = table.take(name, {n});
  if (!v) return fail(v.error());
  *out = Eigen::Map<const RowVector>(v->data(), n);
  return true;
}

Expected<bool> fill(TensorTable& table, const std::string& prefix, Linear* out, int64_t in, int64_t outs,
                    std::optional<WeightFormat> storage) {
  if (auto r = fill(table, prefix + ".weight", &out->w, in, outs, true, storage); !r) return r;
  return fill(table, prefix + ".bias", &out->b, outs);
}

Expected<bool> fill(TensorTable& table, const std::string& prefix, LayerNorm* out, int64_t n) {
  if (auto r = fill(table, prefix + ".weight", &out->w, n); !r) return r;
  return fill(table, prefix + ".bias", &out->b, n);
}

}  // namespace

Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size, uint64_t max_weight_bytes,
                           std::optional<WeightFormat> storage) {
  auto config = parse_config(config_json);
  if (!config) return fail(config.error());
  const uint64_t width = config->n_embd;
  const uint64_t params = uint64_t(config->vocab_size) * width + uint64_t(config->n_ctx) * width +
                          uint64_t(config->n_layer) * (12 * width * width + 13 * width) + 2 * width;
  const auto over_budget = [&](WeightFormat f) -> std::optional<std::string> {
    const uint64_t need = params * weight_format_bytes(f);
    if (need <= max_weight_bytes) return std::nullopt;
    return "config.json: this model needs " + std::to_string(need / 1000000) + " MB of memory for its " +
           weight_format_name(f) + " weights; the limit here is " + std::to_string(max_weight_bytes / 1000000) + " MB";
  };
  if (storage)
    if (auto e = over_budget(*storage)) return fail(*e);
  auto file = parse_safetensors(safetensors, size, kFile);
  if (!file) return fail(file.error());
  TensorTable table(*file);
  if (!storage)
    if (auto e = over_budget(table.format_of("wte.weight"))) return fail(*e);

  Model m;
  m.config = *config;
  const int64_t C = m.config.n_embd, V = m.config.vocab_size, P = m.config.n_ctx;
  if (auto r = fill(table, "wte.weight", &m.wte, V, C, false, storage); !r) return fail(r.error());
  if (auto r = fill(table, "wpe.weight", &m.wpe, P, C); !r) return fail(r.error());
  m.h.resize(m.config.n_layer);
  for (int l = 0; l < m.config.n_layer; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    Block& b = m.h[l];
    for (auto r : {fill(table, p + "ln_1", &b.ln_1, C), fill(table, p + "attn.c_attn", &b.c_attn, C, 3 * C, storage),
                   fill(table, p + "attn.c_proj", &b.attn_proj, C, C, storage), fill(table, p + "ln_2", &b.ln_2, C),
                   fill(table, p + "mlp.c_fc", &b.c_fc, C, 4 * C, storage),
                   fill(table, p + "mlp.c_proj", &b.mlp_proj, 4 * C, C, storage)})
      if (!r) return fail(r.error());
  }
  if (auto r = fill(table, "ln_f", &m.ln_f, C); !r) return fail(r.error());
  if (auto name = table.first_unexpected(); !name.empty())
    return fail(kFile + ": unexpected tensor '" + name + "' (not part of a " + std::to_string(m.config.n_layer) +
                "-layer GPT-2)");
  return m;
}

Expected<LoadedModel> load_model_files(const ModelFiles& f, uint64_t max_weight_bytes, std::optional<WeightFormat> storage) {
  auto model = load_model(f.config_json, reinterpret_cast<const uint8_t*>(f.safetensors.data()), f.safetensors.size(),
                          max_weight_bytes, storage);
  if (!model) return fail(model.error());
  auto tokenizer = Tokenizer::load(f.encoder_json, f.vocab_bpe, model->config.vocab_size);
  if (!tokenizer) return fail(tokenizer.error());
  return LoadedModel{model.take(), tokenizer.take()};
}

}  // namespace attn
