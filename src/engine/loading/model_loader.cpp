#include "loading/model_loader.h"

#include <nlohmann/json.hpp>

#include "loading/model_stream.h"

namespace attn {

Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size, uint64_t max_weight_bytes,
                           std::optional<WeightFormat> storage) {
  auto stream = ModelStream::begin(config_json, {size, max_weight_bytes, storage});
  if (!stream) return fail(stream.error());
  if (auto r = stream->feed(safetensors, size); !r) return fail(r.error());
  return stream->finish();
}

Expected<Tokenizer> load_tokenizer_files(const ModelFiles& f, const std::string& family, int vocab_size) {
  if (family == "gpt2") return Tokenizer::load(f.encoder_json, f.vocab_bpe, vocab_size);
  if (family == "bert") {
    bool lower = true;
    if (!f.tokenizer_config_json.empty()) {
      const auto c = nlohmann::json::parse(f.tokenizer_config_json, nullptr, /*allow_exceptions=*/false);
      if (c.is_discarded() || !c.is_object()) return fail("tokenizer_config.json: not a JSON object");
      if (auto it = c.find("do_lower_case"); it != c.end() && it->is_boolean()) lower = it->get<bool>();
    }
    if (f.vocab_txt.empty()) return fail("this BERT model has no vocab.txt");
    return Tokenizer::load_wordpiece(f.vocab_txt, lower, vocab_size);
  }
  TokenizerSpec spec;
  if (!f.tokenizer_json.empty()) {
    auto parsed = parse_tokenizer_json(f.tokenizer_json, f.tokenizer_config_json);
    if (!parsed) return fail(parsed.error());
    spec = parsed.take();
  }
  const bool pair = !f.encoder_json.empty() && !f.vocab_bpe.empty();
  if (!pair && spec.vocab_json.empty()) return fail("this model has no tokenizer.json, nor vocab.json + merges.txt");
  return Tokenizer::load_bpe(pair ? f.encoder_json : spec.vocab_json, pair ? f.vocab_bpe : spec.merges_txt, spec, vocab_size);
}

Expected<LoadedModel> attach_tokenizer(Model model, const ModelFiles& files) {
  auto tokenizer = load_tokenizer_files(files, model.config.family, model.config.vocab_size);
  if (!tokenizer) return fail(tokenizer.error());
  return LoadedModel{std::move(model), tokenizer.take()};
}

Expected<LoadedModel> load_model_files(const ModelFiles& f, uint64_t max_weight_bytes, std::optional<WeightFormat> storage) {
  auto model = load_model(f.config_json, reinterpret_cast<const uint8_t*>(f.safetensors.data()), f.safetensors.size(),
                          max_weight_bytes, storage);
  if (!model) return fail(model.error());
  return attach_tokenizer(model.take(), f);
}

}  // namespace attn
