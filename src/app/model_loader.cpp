#include "model_loader.h"

namespace attn::app {

Expected<std::unique_ptr<LoadedModel>> load_model_files(const std::string& name, const ModelFiles& f, uint64_t max_weight_bytes) {
  auto model = load_model(f.config_json, reinterpret_cast<const uint8_t*>(f.safetensors.data()), f.safetensors.size(),
                          max_weight_bytes);
  if (!model) return fail(model.error());
  auto tokenizer = Tokenizer::load(f.encoder_json, f.vocab_bpe, model->config.vocab_size);
  if (!tokenizer) return fail(tokenizer.error());
  auto out = std::make_unique<LoadedModel>();
  out->name = name;
  out->bytes = f.safetensors.size();
  out->model = model.take();
  out->tokenizer = tokenizer.take();
  return out;
}

}  // namespace attn::app
