// The one model loader: the bytes of a model's files (fetched by the page, read from disk by the host) in,
// a GPT-2 with its tokenizer out. Every tensor is checked and every failure is one line.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "expected.h"
#include "model/model.h"
#include "text/tokenizer.h"

namespace attn {

// Builds a model from config.json text and model.safetensors bytes. Every tensor is checked (name, dtype,
// shape, finite values) and every failure is one line naming the file and tensor.
// max_weight_bytes: refuse (with an error, before allocating) a model whose weights would need more
// memory than this; the page passes what a browser tab can hold.
// storage: how the weight matrices are kept for compute; by default as in the file (F16 stays F16, int8
// stays int8, F32/BF16 become F32). Int8 files carry one scale per output channel in "<name>_scale".
Expected<Model> load_model(std::string_view config_json, const uint8_t* safetensors, size_t size,
                           uint64_t max_weight_bytes = UINT64_MAX, std::optional<WeightFormat> storage = std::nullopt);

// A model's files as bytes: config.json, model.safetensors, and its tokenizer's: GPT-2's pair (the model's
// own or the bundled ones; encoder.json = vocab.json, vocab.bpe = merges.txt) and, for other families,
// tokenizer.json and tokenizer_config.json (either may be empty).
struct ModelFiles {
  std::string_view config_json, safetensors, encoder_json, vocab_bpe;
  std::string_view tokenizer_json = {}, tokenizer_config_json = {};
  std::string_view vocab_txt = {};  // BERT's WordPiece vocabulary
};

// The tokenizer a model of `family` reads: GPT-2's own from encoder.json + vocab.bpe (cut to vocab_size);
// any other family's from tokenizer.json (its pre-tokenizer, special tokens, and the vocabulary and merges
// it carries unless vocab.json + merges.txt are given), or, without a tokenizer.json, vocab.json + merges.txt
// with GPT-2's pre-tokenizer; BERT's WordPiece from vocab.txt, lower-cased unless tokenizer_config.json says
// do_lower_case false.
Expected<Tokenizer> load_tokenizer_files(const ModelFiles& files, const std::string& family, int vocab_size);

struct LoadedModel {
  Model model;
  Tokenizer tokenizer;  // matches the model's vocab_size
};

// The one place a model meets its tokenizer (the page's download, a model folder, bytes in memory): the
// tokenizer its family reads from `files` (load_tokenizer_files), sized to the model's vocabulary.
Expected<LoadedModel> attach_tokenizer(Model model, const ModelFiles& files);

Expected<LoadedModel> load_model_files(const ModelFiles& files, uint64_t max_weight_bytes = UINT64_MAX,
                                       std::optional<WeightFormat> storage = std::nullopt);

}  // namespace attn
