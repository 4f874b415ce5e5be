#include "model_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace attn::cli {

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

static bool exists(const std::string& path) { return std::ifstream(path).good(); }

Expected<Tokenizer> load_tokenizer(const std::string& dir, int vocab_size) {
  std::string d = dir;
  if (d.empty() || !exists(d + "/encoder.json") || !exists(d + "/vocab.bpe")) d = default_tokenizer_dir();
  auto encoder = read_file(d + "/encoder.json");
  if (!encoder) return fail(encoder.error() + " (run scripts/setup.sh to install GPT-2's tokenizer)");
  auto merges = read_file(d + "/vocab.bpe");
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
  auto tokenizer = load_tokenizer(dir, model->config.vocab_size);
  if (!tokenizer) return fail(tokenizer.error());
  return LoadedModel{model.take(), tokenizer.take()};
}

}  // namespace attn::cli
