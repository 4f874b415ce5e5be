// attn convert: a web-ready copy of a model (F16 / int8 / F32) with an accuracy report on a text.
#include <filesystem>
#include <fstream>

#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"
#include "loading/convert.h"

namespace attn::cli {

using nlohmann::json;

namespace {

// The logits at every position of `ids` (T, V): a decoder's next-token logits one decode step at a time; an
// encoder's masked-LM logits from one pass over the whole text (it reads every token at once).
Expected<std::vector<RowVector>> logits_per_position(const Model& m, const std::vector<int>& ids) {
  if (!m.config.traits.causal) {
    auto tr = trace_tokens(m, ids);
    if (!tr) return fail(tr.error());
    std::vector<RowVector> out(ids.size(), RowVector(m.config.vocab_size));
    std::vector<float> scratch;
    for (size_t t = 0; t < ids.size(); ++t) output_logits(m, tr->final_residual.data() + t * m.config.n_embd, out[t].data(), scratch);
    return out;
  }
  auto made = KVCache::make(m.config, static_cast<int>(ids.size()));
  if (!made) return fail(made.error());
  KVCache& cache = *made;
  std::vector<RowVector> out;
  for (int id : ids) {
    auto l = forward(m, cache, {id});
    if (!l) return fail(l.error());
    out.push_back(l.take());
  }
  return out;
}

Expected<bool> write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) return fail(path + ": cannot write");
  return true;
}

}  // namespace

Expected<int> cmd_convert(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "out", "dtype", "text"}, {});
  if (!a) return fail(a.error());
  auto dir = a->get("model"), out = a->get("out"), dtype = a->get("dtype");
  if (!dir || !out || !dtype) return fail("convert needs --model DIR --out DIR --dtype f16|int8|f32");
  auto format = parse_weight_format(*dtype);
  if (!format) return fail(format.error());
  auto src = load_model_dir(*dir);
  if (!src) return fail(src.error());
  auto config = read_file(*dir + "/config.json");
  if (!config) return fail(config.error());

  const std::string bytes = export_safetensors(src->model, *format);
  std::error_code ec;
  std::filesystem::create_directories(*out, ec);
  if (ec) return fail(*out + ": cannot create (" + ec.message() + ")");
  for (auto r : {write_file(*out + "/model.safetensors", bytes), write_file(*out + "/config.json", *config)})
    if (!r) return fail(r.error());
  // The tokenizer's files go along, whatever the family reads: the copy is a model directory of its own.
  for (const char* name : {"encoder.json", "vocab.bpe", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    if (auto f = read_file(*dir + "/" + name); f.ok())
      if (auto r = write_file(*out + "/" + name, *f); !r) return fail(r.error());

  // Accuracy: the converted file, loaded back, against the source on a test text.
  auto converted = load_model(*config, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!converted) return fail("the converted file does not load: " + converted.error());
  auto ids = src->tokenizer.encode(a->get("text").value_or("The animal didn't cross the street because it was too tired."));
  if (ids.empty()) return fail("the test text is empty");
  if (static_cast<int>(ids.size()) > src->model.config.n_ctx) ids.resize(src->model.config.n_ctx);
  auto before = logits_per_position(src->model, ids);
  auto after = logits_per_position(*converted, ids);
  if (!before) return fail(before.error());
  if (!after) return fail(after.error());
  double max_diff = 0, max_logit = 0;
  int agree = 0;
  for (size_t t = 0; t < ids.size(); ++t) {
    const RowVector& x = (*before)[t];
    const RowVector& y = (*after)[t];
    max_diff = std::max(max_diff, static_cast<double>((x - y).cwiseAbs().maxCoeff()));
    max_logit = std::max(max_logit, static_cast<double>(x.cwiseAbs().maxCoeff()));
    Eigen::Index ix, iy;
    x.maxCoeff(&ix);
    y.maxCoeff(&iy);
    agree += ix == iy;
  }
  const auto src_size = std::filesystem::file_size(*dir + "/model.safetensors", ec);
  print_json({{"out", *out},
              {"dtype", *dtype},
              {"bytes", bytes.size()},
              {"source_bytes", ec ? 0 : src_size},
              {"size_ratio", ec || !src_size ? 0.0 : double(bytes.size()) / src_size},
              {"test_tokens", ids.size()},
              {"max_logit_diff", max_diff},
              {"max_abs_logit", max_logit},
              {"top1_agreement", double(agree) / ids.size()}});
  return 0;
}

}  // namespace attn::cli
