// Reads a model directory (config.json + model.safetensors, optional encoder.json + vocab.bpe) from disk.
// The engine takes bytes; this is the CLI's and tests' file-system side.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "expected.h"
#include "model.h"
#include "tokenizer.h"

namespace attn::cli {

Expected<std::string> read_file(const std::string& path);

// GPT-2's full tokenizer from `dir`, or from the project's installed copy when dir is empty.
Expected<Tokenizer> load_tokenizer(const std::string& dir = "", int vocab_size = kGpt2VocabSize);

struct LoadedModel {
  Model model;
  Tokenizer tokenizer;
};

// The model and the tokenizer that matches its vocab_size (the directory's own files if present).
// storage: how to keep the weights (default: as in the file).
Expected<LoadedModel> load_model_dir(const std::string& dir, std::optional<WeightFormat> storage = std::nullopt);

// Where the setup script installs GPT-2's tokenizer files (ATTN_TOKENIZER_DIR overrides).
std::string default_tokenizer_dir();

}  // namespace attn::cli
