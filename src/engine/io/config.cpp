#include "io/config.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "text/tokenizer.h"

namespace attn {
namespace {

// Reads an integer field into *out, trying each name in turn (GPT-2 configs use n_ctx or n_positions).
Expected<bool> read_int(const nlohmann::json& j, std::initializer_list<const char*> names, int64_t lo, int64_t hi,
                        int* out, const std::string& label) {
  for (const char* name : names) {
    auto it = j.find(name);
    if (it == j.end()) continue;
    if (!it->is_number_integer()) return fail(label + ": '" + name + "' is not an integer");
    const int64_t v = it->get<int64_t>();
    if (v < lo || v > hi)
      return fail(label + ": '" + name + "' = " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                  std::to_string(hi));
    *out = static_cast<int>(v);
    return true;
  }
  return fail(label + ": missing '" + *names.begin() + "'");
}

}  // namespace

Expected<Config> parse_config(std::string_view json_text, const std::string& label) {
  const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail(label + ": not a JSON object");
  // Another architecture (a Llama, a BERT) says so in model_type: name it rather than a missing field.
  if (auto type = j.find("model_type"); type != j.end() && *type != "gpt2") {
    std::string what = type->is_string() ? "'" + type->get<std::string>() + "'" : type->dump();
    if (auto arch = j.find("architectures"); arch != j.end() && arch->is_array() && !arch->empty() && (*arch)[0].is_string())
      what += " (" + (*arch)[0].get<std::string>() + ")";
    return fail(label + ": this is a " + what.substr(0, 120) + " model, not GPT-2; the explainer runs GPT-2-architecture models only");
  }
  Config c;
  for (auto r : {read_int(j, {"n_layer"}, 1, 128, &c.n_layer, label), read_int(j, {"n_head"}, 1, 128, &c.n_head, label),
                 read_int(j, {"n_embd"}, 1, 8192, &c.n_embd, label),
                 read_int(j, {"n_positions", "n_ctx"}, 1, 8192, &c.n_ctx, label),
                 read_int(j, {"vocab_size"}, 257, kGpt2VocabSize, &c.vocab_size, label)})
    if (!r) return fail(r.error());
  if (c.n_embd % c.n_head != 0)
    return fail(label + ": n_embd " + std::to_string(c.n_embd) + " is not a multiple of n_head " +
                std::to_string(c.n_head));
  if (auto it = j.find("layer_norm_epsilon"); it != j.end()) {
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() <= 0 || it->get<double>() > 1)
      return fail(label + ": 'layer_norm_epsilon' must be a small positive number");
    c.layer_norm_epsilon = it->get<float>();
  }
  if (auto it = j.find("activation_function"); it != j.end() && *it != "gelu_new" && *it != "gelu_pytorch_tanh")
    return fail(label + ": activation_function " + it->dump() + " is not GPT-2's tanh GELU");
  return c;
}

}  // namespace attn
