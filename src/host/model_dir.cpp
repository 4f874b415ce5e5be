#include "host/model_dir.h"

#include <cstdlib>
#include <fstream>

namespace attn::host {

Expected<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return fail(path + ": cannot open");
  const std::streamoff size = in.tellg();
  if (size < 0) return fail(path + ": cannot tell its size");
  std::string bytes(static_cast<size_t>(size), '\0');  // one allocation and one read: model files are large
  in.seekg(0);
  in.read(bytes.data(), size);
  if (in.gcount() != size) return fail(path + ": read error");
  return bytes;
}

std::string default_tokenizer_dir() {
  if (const char* env = std::getenv("ATTN_TOKENIZER_DIR"); env && *env) return env;
  return ATTN_TOKENIZER_DIR;
}

namespace {

bool exists(const std::string& path) { return std::ifstream(path).good(); }

// The tokenizer file pair in `dir`: OpenAI's names, or the Hub's for the same content.
std::optional<std::pair<std::string, std::string>> tokenizer_files(const std::string& dir) {
  for (const auto& [encoder, merges] : {std::pair{"encoder.json", "vocab.bpe"}, {"vocab.json", "merges.txt"}})
    if (!dir.empty() && exists(dir + "/" + encoder) && exists(dir + "/" + merges))
      return std::pair{dir + "/" + encoder, dir + "/" + merges};
  return std::nullopt;
}

}  // namespace

Expected<Tokenizer> load_tokenizer(const std::string& dir, int vocab_size) {
  auto files = tokenizer_files(dir);
  if (!files) files = tokenizer_files(default_tokenizer_dir());
  if (!files) return fail(default_tokenizer_dir() + "/encoder.json: cannot open (run scripts/setup.sh to install GPT-2's tokenizer)");
  auto encoder = read_file(files->first);
  if (!encoder) return fail(encoder.error());
  auto merges = read_file(files->second);
  if (!merges) return fail(merges.error());
  return Tokenizer::load(*encoder, *merges, vocab_size);
}

Expected<LoadedModel> load_model_dir(const std::string& dir, std::optional<WeightFormat> storage) {
  auto config = read_file(dir + "/config.json");
  if (!config) return fail(config.error());
  auto weights = read_file(dir + "/model.safetensors");
  if (!weights) return fail(weights.error());
  auto model = load_model(*config, reinterpret_cast<const uint8_t*>(weights->data()), weights->size(), UINT64_MAX, storage);
  if (!model) return fail(dir + "/" + model.error());
  if (model->config.family == "gpt2") {
    auto tokenizer = load_tokenizer(dir, model->config.vocab_size);
    if (!tokenizer) return fail(tokenizer.error());
    return LoadedModel{model.take(), tokenizer.take()};
  }
  // Other families: their own tokenizer.json (and vocab.json + merges.txt, tokenizer_config.json when there).
  const auto optional = [&](const std::string& name) { return exists(dir + "/" + name) ? read_file(dir + "/" + name) : std::string(); };
  std::string files[5];
  const char* names[5] = {"vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "vocab.txt"};
  for (int i = 0; i < 5; ++i) {
    auto bytes = optional(names[i]);
    if (!bytes) return fail(bytes.error());
    files[i] = bytes.take();
  }
  auto tokenizer = load_tokenizer_files({{}, {}, files[0], files[1], files[2], files[3], files[4]}, model->config.family,
                                        model->config.vocab_size);
  if (!tokenizer) return fail(dir + "/" + tokenizer.error());
  return LoadedModel{model.take(), tokenizer.take()};
}

}  // namespace attn::host
