#include "loading/model_loader.h"

#include "loading/model_stream.h"

namespace attn {

Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size, uint64_t max_weight_bytes,
                           std::optional<WeightFormat> storage) {
  auto stream = ModelStream::begin(config_json, {size, max_weight_bytes, storage});
  if (!stream) return fail(stream.error());
  if (auto r = stream->feed(safetensors, size); !r) return fail(r.error());
  return stream->finish();
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
