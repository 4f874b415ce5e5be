// tokenizer.json and tokenizer_config.json: what a Llama-family model's tokenizer adds to byte-level BPE.
#include <nlohmann/json.hpp>

#include "text/tokenizer.h"

namespace attn {

namespace {

// A field of untrusted JSON read only when it has the expected type (nlohmann's value() throws otherwise,
// which the WebAssembly build turns into an abort).
std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool flag(const nlohmann::json& j, const char* key, bool fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// The one pre-tokenizer shape each PreTokenizer stands for, as tokenizer.json spells it.
bool is_byte_level(const nlohmann::json& p) {
  return p.is_object() && text(p, "type") == "ByteLevel" && flag(p, "use_regex", true) && !flag(p, "add_prefix_space", false);
}

Expected<PreTokenizer> read_pre_tokenizer(const nlohmann::json& p) {
  if (p.is_null() || is_byte_level(p)) return PreTokenizer::Gpt2;
  if (p.is_object() && text(p, "type") == "Sequence" && p.contains("pretokenizers") && p["pretokenizers"].is_array() &&
      p["pretokenizers"].size() == 2) {
    const auto& digits = p["pretokenizers"][0];
    if (digits.is_object() && text(digits, "type") == "Digits" && flag(digits, "individual_digits", false) &&
        is_byte_level(p["pretokenizers"][1]))
      return PreTokenizer::DigitsThenGpt2;
  }
  return fail("tokenizer.json: the pre-tokenizer " + p.dump().substr(0, 80) + " is not one the explainer reads "
              "(GPT-2's ByteLevel, or Digits then ByteLevel)");
}

}  // namespace

Expected<TokenizerSpec> parse_tokenizer_json(std::string_view tokenizer_json, std::string_view tokenizer_config_json) {
  const auto j = nlohmann::json::parse(tokenizer_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail("tokenizer.json: not a JSON object");
  TokenizerSpec spec;
  const auto model = j.find("model");
  if (model == j.end() || !model->is_object() || (model->contains("type") && text(*model, "type") != "BPE"))
    return fail("tokenizer.json: not a BPE tokenizer");
  if (auto n = j.find("normalizer"); n != j.end() && !n->is_null())
    return fail("tokenizer.json: a normalizer (" + (n->is_object() ? text(*n, "type") : n->dump()).substr(0, 40) + ") is not supported");
  auto pre = read_pre_tokenizer(j.contains("pre_tokenizer") ? j["pre_tokenizer"] : nlohmann::json());
  if (!pre) return fail(pre.error());
  spec.pre = *pre;
  if (auto added = j.find("added_tokens"); added != j.end()) {
    if (!added->is_array()) return fail("tokenizer.json: added_tokens is not a list");
    for (const auto& a : *added) {
      if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || !a.contains("content") || !a["content"].is_string())
        return fail("tokenizer.json: an added token without an id and content");
      spec.added.push_back({a["content"].get<std::string>(), a["id"].get<int>()});
    }
  }
  // Its own vocabulary and merges, for a folder that has no vocab.json + merges.txt.
  if (auto v = model->find("vocab"); v != model->end() && v->is_object()) spec.vocab_json = v->dump();
  if (auto m = model->find("merges"); m != model->end() && m->is_array())
    for (const auto& merge : *m) {
      if (merge.is_string()) spec.merges_txt += merge.get<std::string>() + "\n";
      else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string())
        spec.merges_txt += merge[0].get<std::string>() + " " + merge[1].get<std::string>() + "\n";
      else return fail("tokenizer.json: a merge is neither \"a b\" nor [\"a\", \"b\"]");
    }
  if (!tokenizer_config_json.empty()) {
    const auto c = nlohmann::json::parse(tokenizer_config_json, nullptr, /*allow_exceptions=*/false);
    if (c.is_discarded() || !c.is_object()) return fail("tokenizer_config.json: not a JSON object");
    if (flag(c, "add_bos_token", false)) {
      const auto& b = c.contains("bos_token") ? c["bos_token"] : nlohmann::json();
      const std::string bos = b.is_string() ? b.get<std::string>() : b.is_object() ? text(b, "content") : "";
      for (const auto& [content, id] : spec.added)
        if (content == bos) spec.bos = id;
      if (spec.bos < 0) return fail("tokenizer_config.json: add_bos_token is set but bos_token '" + bos.substr(0, 40) + "' is not a known token");
    }
  }
  return spec;
}

}  // namespace attn
