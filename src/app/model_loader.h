// Builds the app's model from the bytes of its files (fetched by the page, or read from disk natively).
#pragma once
#include <memory>
#include <string_view>

#include "expected.h"
#include "session.h"

namespace attn::app {

struct ModelFiles {
  std::string_view config_json, safetensors, encoder_json, vocab_bpe;
};

// max_weight_bytes: see load_model (the browser passes what a tab can hold).
Expected<std::unique_ptr<LoadedModel>> load_model_files(const std::string& name, const ModelFiles& files,
                                                        uint64_t max_weight_bytes = UINT64_MAX);

}  // namespace attn::app
