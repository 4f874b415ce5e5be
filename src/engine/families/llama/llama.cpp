#include "families/llama/llama.h"

#include <nlohmann/json.hpp>

#include "families/config_fields.h"

namespace attn {
namespace {

bool flag(const nlohmann::json& j, const char* name, bool fallback) {
  auto it = j.find(name);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

Expected<Config> parse_llama_config(const nlohmann::json& j, const std::string& label) {
  Config c;
  for (auto r : {read_int(j, {"num_hidden_layers"}, 1, 256, &c.n_layer, label),
                 read_int(j, {"num_attention_heads"}, 1, 256, &c.n_head, label),
                 read_int(j, {"hidden_size"}, 1, 16384, &c.n_embd, label),
                 read_int(j, {"intermediate_size"}, 1, 65536, &c.n_inner, label),
                 read_int(j, {"max_position_embeddings"}, 1, 131072, &c.n_ctx, label),
                 read_int(j, {"vocab_size"}, 2, 262144, &c.vocab_size, label)})
    if (!r) return fail(r.error());
  c.n_kv_head = c.n_head;
  if (j.contains("num_key_value_heads") && !j["num_key_value_heads"].is_null())
    if (auto r = read_int(j, {"num_key_value_heads"}, 1, 256, &c.n_kv_head, label); !r) return fail(r.error());
  if (c.n_embd % c.n_head != 0)
    return fail(label + ": hidden_size " + std::to_string(c.n_embd) + " is not a multiple of num_attention_heads " +
                std::to_string(c.n_head));
  if (c.n_head % c.n_kv_head != 0)
    return fail(label + ": num_key_value_heads " + std::to_string(c.n_kv_head) + " does not divide " +
                std::to_string(c.n_head) + " query heads");
  if (auto it = j.find("head_dim"); it != j.end() && !it->is_null() && (!it->is_number_integer() || it->get<int64_t>() != c.head_size()))
    return fail(label + ": head_dim " + it->dump() + " differs from hidden_size / num_attention_heads = " + std::to_string(c.head_size()));
  if ((c.head_size() & 1) != 0) return fail(label + ": rotary positions need an even head size, not " + std::to_string(c.head_size()));
  if (auto it = j.find("hidden_act"); it != j.end() && *it != "silu")
    return fail(label + ": hidden_act " + it->dump().substr(0, 40) + " is not the SiLU the gated MLP uses");
  c.norm_eps = 1e-6f;
  if (auto r = read_positive(j, "rms_norm_eps", 1, &c.norm_eps, label); !r) return fail(r.error());
  c.traits.norm = NormKind::RMSNorm;
  c.traits.positions = PositionKind::Rotary;
  c.traits.mlp = MlpKind::GatedSilu;
  if (j.contains("rope_theta")) {
    if (auto r = read_positive(j, "rope_theta", 1e9, &c.traits.rope_theta, label); !r) return fail(r.error());
  } else {
    c.notes.push_back(label + ": no rope_theta; using the Llama default of 10000");
  }
  if (auto it = j.find("rope_scaling"); it != j.end() && !it->is_null()) {
    std::string type = it->is_object() && it->contains("rope_type") ? (*it)["rope_type"].dump()
                       : it->is_object() && it->contains("type")    ? (*it)["type"].dump()
                                                                    : it->dump();
    if (type != "\"default\"") return fail(label + ": rope_scaling of type " + type.substr(0, 40) + " is not supported");
  }
  const bool qwen2 = j.contains("model_type") && j["model_type"] == "qwen2";
  const bool attention_bias = flag(j, "attention_bias", false);
  if (flag(j, "mlp_bias", false)) return fail(label + ": mlp_bias is not supported");
  c.traits.qkv_bias = qwen2 || attention_bias;
  c.traits.o_bias = !qwen2 && attention_bias;
  c.traits.mlp_bias = false;
  c.traits.tied_output = flag(j, "tie_word_embeddings", false);  // Hugging Face's default for both
  return c;
}

// Checkpoints name tensors "model.layers.N…" (LlamaForCausalLM) or "layers.N…" (LlamaModel); lm_head stays.
std::string llama_plain_name(const std::string& name) { return name.rfind("model.", 0) == 0 ? name.substr(6) : name; }

// Older checkpoints store rotary frequencies as a buffer.
bool llama_is_buffer(const std::string& name) {
  const std::string tail = ".self_attn.rotary_emb.inv_freq";
  return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
}

std::vector<ParamSlot> llama_parameters(Model& m, const std::set<std::string>& present) {
  const Config& c = m.config;
  const int64_t C = c.n_embd, V = c.vocab_size, F = c.n_inner, Q = int64_t(c.n_head) * c.head_size(), KV = c.kv_dim();
  const int QKV = c.qkv_dim();
  std::vector<ParamSlot> ps;
  const auto vector = [&](const std::string& name, RowVector* v, int64_t n) { ps.push_back({name, {n}, nullptr, false, nullptr, v}); };
  const auto matrix = [&](const std::string& name, WeightMatrix* w, int64_t out, int64_t in) { ps.push_back({name, {out, in}, w}); };
  // q, k and v fill the rows of the one stacked projection the forward pass multiplies by.
  const auto part = [&](const std::string& p, Linear* l, int64_t offset, int64_t rows) {
    ParamSlot w{p + ".weight", {rows, C}, &l->w};
    w.row_offset = int(offset), w.total_rows = QKV;
    ps.push_back(w);
    if (!c.traits.qkv_bias) return;
    ParamSlot b{p + ".bias", {rows}, nullptr, false, nullptr, &l->b};
    b.row_offset = int(offset), b.total_rows = QKV;
    ps.push_back(b);
  };
  ps.push_back({"embed_tokens.weight", {V, C}, &m.tok_embed, false, nullptr, nullptr, /*output_table=*/true});
  for (int l = 0; l < c.n_layer; ++l) {
    const std::string p = "layers." + std::to_string(l) + ".";
    Block& b = m.blocks[l];
    vector(p + "input_layernorm.weight", &b.attn_norm.w, C);
    part(p + "self_attn.q_proj", &b.qkv, 0, Q);
    part(p + "self_attn.k_proj", &b.qkv, Q, KV);
    part(p + "self_attn.v_proj", &b.qkv, Q + KV, KV);
    matrix(p + "self_attn.o_proj.weight", &b.o_proj.w, C, Q);
    if (c.traits.o_bias) vector(p + "self_attn.o_proj.bias", &b.o_proj.b, C);
    vector(p + "post_attention_layernorm.weight", &b.mlp_norm.w, C);
    matrix(p + "mlp.gate_proj.weight", &b.gate.w, F, C);
    matrix(p + "mlp.up_proj.weight", &b.up.w, F, C);
    matrix(p + "mlp.down_proj.weight", &b.down.w, C, F);
  }
  vector("norm.weight", &m.final_norm.w, C);
  // An untied model stores its output layer; a tied one may store a copy (the loader keeps one).
  if (!c.traits.tied_output || present.count("lm_head.weight")) ps.push_back({"lm_head.weight", {V, C}, &m.lm_head, false, nullptr, nullptr, true});
  return ps;
}

}  // namespace

const Family& llama_family() {
  static const Family f{"llama", "Llama-family", {"llama", "qwen2"}, parse_llama_config, llama_plain_name, llama_is_buffer,
                        llama_parameters};
  return f;
}

}  // namespace attn
