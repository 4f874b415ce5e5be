// Reading models and GPT-2's tokenizer from disk, for the CLI, the desktop app and the tests (the page
// fetches the same files). The engine takes bytes; this is the file-system side.
#pragma once
#include <optional>
#include <string>

#include "expected.h"
#include "loading/model_loader.h"

namespace attn::host {

Expected<std::string> read_file(const std::string& path);

// Where the setup script installs GPT-2's tokenizer files (ATTN_TOKENIZER_DIR overrides).
std::string default_tokenizer_dir();

// GPT-2's tokenizer from `dir` (encoder.json + vocab.bpe, or a Hub repo's vocab.json + merges.txt), or the
// installed copy when dir is empty or has neither pair; cut to vocab_size.
Expected<Tokenizer> load_tokenizer(const std::string& dir = "", int vocab_size = kGpt2VocabSize);

// A model directory (config.json + model.safetensors, optional tokenizer files) through the engine's loader.
// storage: how to keep the weights (default: as in the file).
Expected<LoadedModel> load_model_dir(const std::string& dir, std::optional<WeightFormat> storage = std::nullopt);

}  // namespace attn::host
