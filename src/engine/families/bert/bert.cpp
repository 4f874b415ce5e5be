#include "families/bert/bert.h"

#include <nlohmann/json.hpp>

#include "families/config_fields.h"

namespace attn {
namespace {

Expected<Config> parse_bert_config(const nlohmann::json& j, const std::string& label) {
  Config c;
  int types = 2;
  for (auto r : {read_int(j, {"num_hidden_layers"}, 1, 128, &c.n_layer, label),
                 read_int(j, {"num_attention_heads"}, 1, 128, &c.n_head, label),
                 read_int(j, {"hidden_size"}, 1, 8192, &c.n_embd, label),
                 read_int(j, {"intermediate_size"}, 1, 65536, &c.n_inner, label),
                 read_int(j, {"max_position_embeddings"}, 1, 8192, &c.n_ctx, label),
                 read_int(j, {"vocab_size"}, 5, 262144, &c.vocab_size, label)})
    if (!r) return fail(r.error());
  if (j.contains("type_vocab_size"))
    if (auto r = read_int(j, {"type_vocab_size"}, 1, 16, &types, label); !r) return fail(r.error());
  if (c.n_embd % c.n_head != 0)
    return fail(label + ": hidden_size " + std::to_string(c.n_embd) + " is not a multiple of num_attention_heads " +
                std::to_string(c.n_head));
  if (auto it = j.find("hidden_act"); it != j.end() && *it != "gelu")
    return fail(label + ": hidden_act " + it->dump().substr(0, 40) + " is not BERT's GELU");
  if (auto it = j.find("position_embedding_type"); it != j.end() && *it != "absolute")
    return fail(label + ": position_embedding_type " + it->dump().substr(0, 40) + " is not supported");
  c.norm_eps = 1e-12f;
  if (auto r = read_positive(j, "layer_norm_eps", 1, &c.norm_eps, label); !r) return fail(r.error());
  c.n_kv_head = c.n_head;
  c.n_types = types;
  c.traits.norm_before = false;
  c.traits.causal = false;
  c.traits.mlp = MlpKind::Gelu;
  c.traits.embed_norm = true;
  return c;
}

// BertForMaskedLM prefixes the encoder with "bert."; BertModel does not. The MLM head stays "cls.…".
std::string bert_plain_name(const std::string& name) { return name.rfind("bert.", 0) == 0 ? name.substr(5) : name; }

// Not parameters of attention or the MLM head: position ids, and BertModel's pooler and NSP classifier.
bool bert_is_buffer(const std::string& name) {
  return name == "embeddings.position_ids" || name == "embeddings.token_type_ids" || name.rfind("pooler.", 0) == 0 ||
         name.rfind("cls.seq_relationship.", 0) == 0 || name == "cls.predictions.decoder.bias";
}

std::vector<ParamSlot> bert_parameters(Model& m, const std::set<std::string>& present) {
  const Config& c = m.config;
  const int64_t C = c.n_embd, V = c.vocab_size, P = c.n_ctx, F = c.n_inner;
  std::vector<ParamSlot> ps;
  const auto vector = [&](const std::string& name, RowVector* v, int64_t n) { ps.push_back({name, {n}, nullptr, false, nullptr, v}); };
  const auto linear = [&](const std::string& p, Linear* l, int64_t out, int64_t in) {
    ps.push_back({p + ".weight", {out, in}, &l->w});
    vector(p + ".bias", &l->b, out);
  };
  // Older checkpoints name a LayerNorm's scale and shift gamma and beta.
  const auto norm = [&](const std::string& p, Norm* n) {
    const bool old = present.count(p + ".gamma") > 0;
    vector(p + (old ? ".gamma" : ".weight"), &n->w, C);
    vector(p + (old ? ".beta" : ".bias"), &n->b, C);
  };
  // The same tensor, qkv's rows [offset, offset + C).
  const auto part = [&](const std::string& p, Linear* l, int64_t offset) {
    ParamSlot w{p + ".weight", {C, C}, &l->w};
    w.row_offset = int(offset), w.total_rows = 3 * int(C);
    ParamSlot b{p + ".bias", {C}, nullptr, false, nullptr, &l->b};
    b.row_offset = int(offset), b.total_rows = 3 * int(C);
    ps.push_back(w);
    ps.push_back(b);
  };
  ps.push_back({"embeddings.word_embeddings.weight", {V, C}, &m.tok_embed, false, nullptr, nullptr, /*output_table=*/true});
  ps.push_back({"embeddings.position_embeddings.weight", {P, C}, nullptr, false, &m.pos_embed});
  ps.push_back({"embeddings.token_type_embeddings.weight", {c.n_types, C}, nullptr, false, &m.type_embed});
  norm("embeddings.LayerNorm", &m.embed_norm);
  for (int l = 0; l < c.n_layer; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    Block& b = m.blocks[l];
    part(p + "attention.self.query", &b.qkv, 0);
    part(p + "attention.self.key", &b.qkv, C);
    part(p + "attention.self.value", &b.qkv, 2 * C);
    linear(p + "attention.output.dense", &b.o_proj, C, C);
    norm(p + "attention.output.LayerNorm", &b.attn_norm);
    linear(p + "intermediate.dense", &b.up, F, C);
    linear(p + "output.dense", &b.down, C, F);
    norm(p + "output.LayerNorm", &b.mlp_norm);
  }
  // The masked-LM head, when the checkpoint has one (BertForMaskedLM; BertModel has none).
  if (present.count("cls.predictions.transform.dense.weight")) {
    linear("cls.predictions.transform.dense", &m.head_dense, C, C);
    norm("cls.predictions.transform.LayerNorm", &m.head_norm);
    vector("cls.predictions.bias", &m.output_bias, V);
    if (present.count("cls.predictions.decoder.weight"))
      ps.push_back({"cls.predictions.decoder.weight", {V, C}, &m.lm_head, false, nullptr, nullptr, true});
  }
  return ps;
}

}  // namespace

const Family& bert_family() {
  static const Family f{"bert", "BERT", {"bert"}, parse_bert_config, bert_plain_name, bert_is_buffer, bert_parameters};
  return f;
}

}  // namespace attn
