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
  // The tokenizer's files that are there: GPT-2's pair (the folder's own or the bundled one), tokenizer.json,
  // tokenizer_config.json, BERT's vocab.txt.
  const bool gpt2 = model->config.family == "gpt2";
  const auto pair = gpt2 ? tokenizer_files(dir) ? tokenizer_files(dir) : tokenizer_files(default_tokenizer_dir())
                         : std::optional<std::pair<std::string, std::string>>{{dir + "/vocab.json", dir + "/merges.txt"}};
  if (gpt2 && !pair) return fail(default_tokenizer_dir() + "/encoder.json: cannot open (run scripts/setup.sh to install GPT-2's tokenizer)");
  const std::string paths[5] = {pair->first, pair->second, dir + "/tokenizer.json", dir + "/tokenizer_config.json", dir + "/vocab.txt"};
  std::string files[5];
  for (int i = 0; i < 5; ++i) {
    auto bytes = exists(paths[i]) ? read_file(paths[i]) : std::string();
    if (!bytes) return fail(bytes.error());
    files[i] = bytes.take();
  }
  auto loaded = attach_tokenizer(model.take(), {{}, {}, files[0], files[1], files[2], files[3], files[4]});
  if (!loaded) return fail(gpt2 ? loaded.error() : dir + "/" + loaded.error());
  return loaded;
}

}  // namespace attn::host
