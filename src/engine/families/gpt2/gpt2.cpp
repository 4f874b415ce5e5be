#include "families/gpt2/gpt2.h"

#include <nlohmann/json.hpp>

#include "families/config_fields.h"
#include "text/tokenizer.h"

namespace attn {
namespace {

Expected<Config> parse_gpt2_config(const nlohmann::json& j, const std::string& label) {
  Config c;
  for (auto r : {read_int(j, {"n_layer"}, 1, 128, &c.n_layer, label), read_int(j, {"n_head"}, 1, 128, &c.n_head, label),
                 read_int(j, {"n_embd"}, 1, 8192, &c.n_embd, label),
                 read_int(j, {"n_positions", "n_ctx"}, 1, 8192, &c.n_ctx, label),
                 read_int(j, {"vocab_size"}, 257, kGpt2VocabSize, &c.vocab_size, label)})
    if (!r) return fail(r.error());
  if (c.n_embd % c.n_head != 0)
    return fail(label + ": n_embd " + std::to_string(c.n_embd) + " is not a multiple of n_head " +
                std::to_string(c.n_head));
  c.n_kv_head = c.n_head;
  c.n_inner = 4 * c.n_embd;
  if (auto it = j.find("n_inner"); it != j.end() && !it->is_null())
    if (auto r = read_int(j, {"n_inner"}, 1, 65536, &c.n_inner, label); !r) return fail(r.error());
  if (auto r = read_positive(j, "layer_norm_epsilon", 1, &c.norm_eps, label); !r) return fail(r.error());
  if (auto it = j.find("activation_function"); it != j.end() && *it != "gelu_new" && *it != "gelu_pytorch_tanh")
    return fail(label + ": activation_function " + it->dump() + " is not GPT-2's tanh GELU");
  c.traits = Traits{};  // pre-LayerNorm, learned positions, causal, tanh GELU
  return c;
}

// Hugging Face checkpoints name tensors with or without "transformer." (GPT2LMHeadModel vs GPT2Model).
std::string gpt2_plain_name(const std::string& name) { return name.rfind("transformer.", 0) == 0 ? name.substr(12) : name; }

// The causal-mask buffers real checkpoints carry.
bool gpt2_is_buffer(const std::string& name) {
  const auto ends_with = [&](const std::string& tail) {
    return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  return name.rfind("h.", 0) == 0 && (ends_with(".attn.bias") || ends_with(".attn.masked_bias"));
}

std::vector<ParamSlot> gpt2_parameters(Model& m, const std::set<std::string>& present) {
  const Config& c = m.config;
  const int64_t C = c.n_embd, V = c.vocab_size, P = c.n_ctx, F = c.n_inner;
  std::vector<ParamSlot> ps;
  const auto vector = [&](const std::string& name, RowVector* v, int64_t n) { ps.push_back({name, {n}, nullptr, false, nullptr, v}); };
  const auto linear = [&](const std::string& p, Linear* l, int64_t in, int64_t out) {
    ps.push_back({p + ".weight", {in, out}, &l->w, /*rows_are_inputs=*/true});  // Conv1D: (in, out)
    vector(p + ".bias", &l->b, out);
  };
  const auto norm = [&](const std::string& p, Norm* n) {
    vector(p + ".weight", &n->w, C);
    vector(p + ".bias", &n->b, C);
  };
  ps.push_back({"wte.weight", {V, C}, &m.tok_embed, false, nullptr, nullptr, /*output_table=*/true});
  ps.push_back({"wpe.weight", {P, C}, nullptr, false, &m.pos_embed});
  for (int l = 0; l < c.n_layer; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    Block& b = m.blocks[l];
    norm(p + "ln_1", &b.attn_norm);
    linear(p + "attn.c_attn", &b.qkv, C, 3 * C);
    linear(p + "attn.c_proj", &b.o_proj, C, C);
    norm(p + "ln_2", &b.mlp_norm);
    linear(p + "mlp.c_fc", &b.up, C, F);
    linear(p + "mlp.c_proj", &b.down, F, C);
  }
  norm("ln_f", &m.final_norm);
  if (present.count("lm_head.weight")) ps.push_back({"lm_head.weight", {V, C}, &m.lm_head, false, nullptr, nullptr, true});
  return ps;
}

}  // namespace

const Family& gpt2_family() {
  static const Family f{"gpt2", "GPT-2", {"gpt2", ""}, parse_gpt2_config, gpt2_plain_name, gpt2_is_buffer, gpt2_parameters};
  return f;
}

}  // namespace attn
