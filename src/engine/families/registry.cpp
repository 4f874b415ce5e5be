#include "families/registry.h"

#include <nlohmann/json.hpp>

#include "families/bert/bert.h"
#include "families/gpt2/gpt2.h"
#include "families/llama/llama.h"

namespace attn {

const std::vector<const Family*>& families() {
  static const std::vector<const Family*> all = {
      &gpt2_family(),
      &llama_family(),
      &bert_family(),
  };
  return all;
}

const Family* find_family(const std::string& name) {
  for (const Family* f : families())
    if (name == f->name) return f;
  return nullptr;
}

Expected<Config> parse_config(std::string_view json_text, const std::string& label) {
  const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail(label + ": not a JSON object");
  std::string type;  // a config without model_type is read as GPT-2's (older checkpoints)
  if (auto it = j.find("model_type"); it != j.end()) type = it->is_string() ? it->get<std::string>() : it->dump();
  std::string known;
  for (const Family* f : families()) {
    for (const std::string& t : f->model_types)
      if (t == type) {
        auto c = f->parse_config(j, label);
        if (c) c->family = f->name;
        return c;
      }
    known += std::string(known.empty() ? "" : ", ") + f->display_name;
  }
  // Another architecture says so in model_type: name it rather than a missing field.
  std::string what = "'" + type.substr(0, 60) + "'";
  if (auto arch = j.find("architectures"); arch != j.end() && arch->is_array() && !arch->empty() && (*arch)[0].is_string())
    what += " (" + (*arch)[0].get<std::string>().substr(0, 60) + ")";
  return fail(label + ": this is a " + what + " model; the explainer runs " + known + " models");
}

std::set<std::string> optional_tensors(const Model& m) {
  std::set<std::string> present;
  if (m.lm_head.rows()) present.insert({"lm_head.weight", "cls.predictions.decoder.weight"});
  if (m.head_dense.w.rows()) present.insert("cls.predictions.transform.dense.weight");
  return present;
}

}  // namespace attn
