#include "commands.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>
#include <nlohmann/json.hpp>

#include "ablation.h"
#include "args.h"
#include "attribution.h"
#include "logit_lens.h"
#include "cli_output.h"
#include "convert.h"
#include "forward.h"
#include "generate.h"
#include "heads.h"
#include "induction.h"
#include "kernels.h"
#include "model_files.h"

namespace attn::cli {
namespace {

using nlohmann::json;

// Peak resident memory of this process so far (file bytes + weights as stored + caches), in MB.
double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median milliseconds of what the page's interpretability views run on a text: an ablation re-run (one
// head knocked out, the whole text again), the logit lens of the trace, and one logit's attribution.
Expected<json> time_interpret_tools(const Model& model, const std::vector<int>& ids) {
  auto tr = trace_tokens(model, ids);
  if (!tr) return fail(tr.error());
  const Ablation ablation{{{model.config.n_layer / 2, 0}}, AblationMode::Zero};
  std::vector<double> ablate_ms, lens_ms, attribute_ms;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    if (auto r = trace_ablated(model, ids, ablation); !r) return fail(r.error());
    ablate_ms.push_back(seconds_since(t0) * 1000);
    t0 = std::chrono::steady_clock::now();
    if (auto r = logit_lens(model, *tr, 5); !r) return fail(r.error());
    lens_ms.push_back(seconds_since(t0) * 1000);
    t0 = std::chrono::steady_clock::now();
    if (auto r = attribute_logit(model, *tr, ids.back()); !r) return fail(r.error());
    attribute_ms.push_back(seconds_since(t0) * 1000);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return json{{"ablate_ms_median", median(ablate_ms)}, {"lens_ms_median", median(lens_ms)},
              {"attribute_ms_median", median(attribute_ms)}};
}

}  // namespace

Expected<int> cmd_tokenize(const Argv& argv) {
  auto a = Args::parse(argv, {"text", "model"}, {"stdin"});
  if (!a) return fail(a.error());
  auto text = read_text(*a, "text");
  if (!text) return fail(text.error());
  Expected<Tokenizer> tok = fail("");
  if (auto dir = a->get("model")) {
    auto m = load_model_dir(*dir);
    if (!m) return fail(m.error());
    tok = std::move(m->tokenizer);
  } else {
    tok = load_tokenizer();
  }
  if (!tok) return fail(tok.error());
  const auto ids = tok->encode(*text);
  print_json({{"ids", ids}, {"tokens", display_tokens(*tok, ids)}});
  return 0;
}

Expected<int> cmd_generate(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "prompt", "tokens", "temperature", "top-k", "top-p", "seed"}, {"json", "stdin"});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("generate needs --model DIR");
  auto prompt = read_text(*a, "prompt");
  if (!prompt) return fail(prompt.error());
  auto n = a->get_int("tokens", 20, 0, 100000);
  auto temperature = a->get_double("temperature", 1.0, 0.0, 100.0);
  auto top_k = a->get_int("top-k", 0, 0, 1 << 30);
  auto top_p = a->get_double("top-p", 1.0, 0.0, 1.0);
  auto seed = a->get_double("seed", 0, 0, 9007199254740992.0);
  for (auto* e : {&n, &top_k}) if (!*e) return fail(e->error());
  for (auto* e : {&temperature, &top_p, &seed}) if (!*e) return fail(e->error());

  auto m = load_model_dir(*dir);
  if (!m) return fail(m.error());
  const auto prompt_ids = m->tokenizer.encode(*prompt);
  if (prompt_ids.empty()) return fail("the prompt is empty: give at least one token of text");
  if (static_cast<int>(prompt_ids.size()) > m->model.config.n_ctx)
    return fail("the prompt has " + std::to_string(prompt_ids.size()) + " tokens; the model's context is " +
                std::to_string(m->model.config.n_ctx));
  const SamplerSettings s{static_cast<float>(*temperature), *top_k, static_cast<float>(*top_p)};
  auto g = generate(m->model, prompt_ids, *n, s, static_cast<uint64_t>(*seed));
  if (!g) return fail(g.error());
  const std::string continuation = m->tokenizer.decode(g->ids);
  if (a->has("json")) {
    print_json({{"prompt_ids", prompt_ids},
                {"ids", g->ids},
                {"tokens", display_tokens(m->tokenizer, g->ids)},
                {"probs", g->chosen_probs},
                {"text", continuation},
                {"stopped_at_context", g->hit_context}});
  } else {
    std::cout << *prompt << continuation << "\n";
    if (g->hit_context) std::cerr << "note: stopped at the model's context of " << m->model.config.n_ctx << " tokens\n";
  }
  return 0;
}

Expected<int> cmd_trace(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "layer", "head"}, {"stdin"});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("trace needs --model DIR");
  auto text = read_text(*a, "text");
  if (!text) return fail(text.error());
  auto m = load_model_dir(*dir);
  if (!m) return fail(m.error());
  const Config& c = m->model.config;
  auto layer = a->get_int("layer", -1, 0, c.n_layer - 1);
  auto head = a->get_int("head", -1, 0, c.n_head - 1);
  if (!layer) return fail(layer.error());
  if (!head) return fail(head.error());

  auto ids = m->tokenizer.encode(*text);
  if (ids.empty()) return fail("the text is empty: give at least one token");
  const size_t dropped = ids.size() > static_cast<size_t>(c.n_ctx) ? ids.size() - c.n_ctx : 0;
  ids.erase(ids.begin(), ids.begin() + dropped);  // keep the last n_ctx tokens
  auto tr = trace_tokens(m->model, ids);
  if (!tr) return fail(tr.error());

  const int T = tr->n_tokens;
  json attention = json::array(), layers = json::array(), heads = json::array();
  for (int l = 0; l < c.n_layer; ++l) {
    if (*layer >= 0 && l != *layer) continue;
    layers.push_back(l);
    json per_head = json::array();
    for (int h = 0; h < c.n_head; ++h) {
      if (*head >= 0 && h != *head) continue;
      if (l == layers[0]) heads.push_back(h);
      json rows = json::array();
      for (int q = 0; q < T; ++q) {
        const float* row = &tr->weights[tr->att_index(l, h, q)];
        rows.push_back(std::vector<float>(row, row + T));
      }
      per_head.push_back(std::move(rows));
    }
    attention.push_back(std::move(per_head));
  }
  const Distribution d = make_distribution(tr->logits.data(), tr->vocab_size, SamplerSettings{});
  json top = json::array();
  for (int i = 0; i < std::min(10, tr->vocab_size); ++i)
    top.push_back({{"id", d.sorted[i].id}, {"token", m->tokenizer.display(d.sorted[i].id)}, {"prob", d.sorted[i].prob},
                   {"logit", d.sorted[i].logit}});
  print_json({{"tokens", display_tokens(m->tokenizer, ids)},
              {"ids", ids},
              {"dropped_tokens", dropped},
              {"layers", layers},
              {"heads", heads},
              {"attention", attention},
              {"logits_top", top},
              {"logits", tr->logits}});
  return 0;
}

Expected<int> cmd_bench(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "prompt-tokens", "decode-tokens", "weights", "prompt-ids", "trace-tokens",
                              "interpret-tokens"}, {});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("bench needs --model DIR");
  std::optional<WeightFormat> storage;
  if (auto w = a->get("weights")) {
    auto f = parse_weight_format(*w);
    if (!f) return fail(f.error());
    storage = *f;
  }
  const auto t_load = std::chrono::steady_clock::now();
  auto m = load_model_dir(*dir, storage);
  if (!m) return fail(m.error());
  const double load_s = seconds_since(t_load);
  const Config& c = m->model.config;

  std::vector<int> prompt;
  if (auto list = a->get("prompt-ids")) {  // the benchmark harness passes the same ids to every runtime
    std::stringstream in(*list);
    for (std::string item; std::getline(in, item, ',');) {
      char* end = nullptr;
      const long id = std::strtol(item.c_str(), &end, 10);
      if (item.empty() || *end || id < 0 || id >= c.vocab_size)
        return fail("--prompt-ids: '" + item + "' is not a token id below " + std::to_string(c.vocab_size));
      prompt.push_back(static_cast<int>(id));
    }
    if (prompt.empty() || static_cast<int>(prompt.size()) > c.n_ctx)
      return fail("--prompt-ids: give 1.." + std::to_string(c.n_ctx) + " ids");
  } else {
    auto n_prompt = a->get_int("prompt-tokens", std::min(128, c.n_ctx / 2), 1, c.n_ctx);
    if (!n_prompt) return fail(n_prompt.error());
    Rng rng(1234);  // speed does not depend on which tokens; fixed ids keep runs comparable
    prompt.resize(*n_prompt);
    for (int& id : prompt) id = static_cast<int>(rng.next_u32() % c.vocab_size);
  }
  const int n_prompt = static_cast<int>(prompt.size());
  auto n_decode = a->get_int("decode-tokens", std::min(128, c.n_ctx - n_prompt), 0, c.n_ctx - n_prompt);
  if (!n_decode) return fail(n_decode.error());
  auto n_trace = a->get_int("trace-tokens", 0, 0, n_prompt);
  if (!n_trace) return fail(n_trace.error());
  auto n_interpret = a->get_int("interpret-tokens", 0, 0, n_prompt);
  if (!n_interpret) return fail(n_interpret.error());

  KVCache cache(c);
  const auto t_prefill = std::chrono::steady_clock::now();
  if (auto r = forward_into(m->model, cache, prompt.data(), n_prompt); !r) return fail(r.error());
  const double prefill_s = seconds_since(t_prefill);
  const auto greedy = [&] {
    return static_cast<int>(std::max_element(cache.logits.data(), cache.logits.data() + cache.logits.size()) - cache.logits.data());
  };
  std::vector<int> generated{greedy()};
  const auto t_decode = std::chrono::steady_clock::now();
  for (int i = 0; i < *n_decode; ++i) {  // greedy, so other runtimes can be checked token for token
    if (auto r = forward_into(m->model, cache, &generated.back(), 1); !r) return fail(r.error());
    generated.push_back(greedy());
  }
  const double decode_s = seconds_since(t_decode);

  json out = {{"model", *dir},
              {"n_layer", c.n_layer},
              {"n_head", c.n_head},
              {"n_embd", c.n_embd},
              {"vocab_size", c.vocab_size},
              {"weights", weight_format_name(m->model.wte.format())},
              {"weight_bytes", m->model.weight_bytes()},
              {"kernels", kernels_name()},
              {"load_seconds", load_s},
              {"prompt_tokens", n_prompt},
              {"prefill_tokens_per_second", n_prompt / prefill_s},
              {"decode_tokens", *n_decode},
              {"decode_tokens_per_second", *n_decode > 0 ? *n_decode / decode_s : 0.0},
              {"time_to_first_token_seconds", prefill_s},
              {"generated_ids", generated},
              {"peak_rss_mb", peak_rss_mb()}};
  if (*n_trace > 0) {  // the page's full trace (every layer and head) of the first n_trace prompt tokens
    const std::vector<int> ids(prompt.begin(), prompt.begin() + *n_trace);
    std::vector<double> ms;
    for (int i = 0; i < 7; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      if (auto tr = trace_tokens(m->model, ids); !tr) return fail(tr.error());
      ms.push_back(seconds_since(t0) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    out["trace_tokens"] = *n_trace;
    out["trace_ms_median"] = ms[ms.size() / 2];
  }
  if (*n_interpret > 0) {
    const std::vector<int> ids(prompt.begin(), prompt.begin() + *n_interpret);
    auto timings = time_interpret_tools(m->model, ids);
    if (!timings) return fail(timings.error());
    out["interpret_tokens"] = *n_interpret;
    out.update(*timings);
  }
  print_json(out);
  return 0;
}

}  // namespace attn::cli

namespace attn::cli {
namespace {

// Next-token logits after every position of `ids`, one decode step at a time. (T, V)
Expected<std::vector<RowVector>> logits_per_position(const Model& m, const std::vector<int>& ids) {
  KVCache cache(m.config, static_cast<int>(ids.size()));
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
  for (const char* name : {"encoder.json", "vocab.bpe"})
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

namespace attn::cli {

namespace {

// heads --induction: every head's scores on the text repeated twice, best induction score first.
Expected<int> print_induction(const LoadedModel& m, const std::vector<int>& ids, int top, bool as_json) {
  int n = 0;
  auto scores = induction_scores(m.model, ids, &n);
  if (!scores) return fail(scores.error());
  std::stable_sort(scores->begin(), scores->end(), [](const auto& x, const auto& y) { return x.induction > y.induction; });
  if (as_json) {
    json heads = json::array();
    for (const InductionScore& s : *scores)
      heads.push_back({{"layer", s.layer}, {"head", s.head}, {"induction", s.induction}, {"previous", s.previous}});
    print_json({{"tokens", display_tokens(m.tokenizer, std::vector<int>(ids.begin(), ids.begin() + n))},
                {"repeated_tokens", 2 * n}, {"induction", heads}});
    return 0;
  }
  std::cout << "Induction scores on the text repeated twice (" << 2 * n << " tokens):";
  for (int i = 0; i < std::min<int>(top, scores->size()); ++i)
    std::printf(" L%dH%d %.2f", (*scores)[i].layer, (*scores)[i].head, (*scores)[i].induction);
  std::cout << "\n";
  return 0;
}

}  // namespace

Expected<int> cmd_heads(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "top"}, {"json", "induction"});
  if (!a) return fail(a.error());
  auto dir = a->get("model"), text = a->get("text");
  if (!dir || !text) return fail("heads needs --model DIR --text T");
  auto top = a->get_int("top", 3, 1, 1000);
  if (!top) return fail(top.error());
  auto m = load_model_dir(*dir);
  if (!m) return fail(m.error());
  auto ids = m->tokenizer.encode(*text);
  if (ids.empty()) return fail("the text is empty");
  if (static_cast<int>(ids.size()) > m->model.config.n_ctx) ids.resize(m->model.config.n_ctx);
  if (a->has("induction")) return print_induction(*m, ids, *top, a->has("json"));
  auto tr = trace_tokens(m->model, ids);
  if (!tr) return fail(tr.error());
  auto heads = classify_heads(*tr);
  // For each pattern, the heads that score highest on it, whatever their final label.
  const std::pair<const char*, float HeadPattern::*> patterns[] = {{"previous-token", &HeadPattern::previous},
                                                                    {"first-token", &HeadPattern::first},
                                                                    {"self", &HeadPattern::self},
                                                                    {"broad", &HeadPattern::broad},
                                                                    {"induction", &HeadPattern::induction}};
  json out = json::object();
  for (const auto& pattern : patterns) {
    const char* name = pattern.first;
    const auto score = pattern.second;  // a plain variable: lambdas may not capture structured bindings (C++17)
    std::vector<HeadPattern> sorted = heads;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& x, const auto& y) { return x.*score > y.*score; });
    json best = json::array();
    for (int i = 0; i < std::min<int>(*top, sorted.size()); ++i)
      best.push_back({{"layer", sorted[i].layer}, {"head", sorted[i].head}, {"score", sorted[i].*score},
                      {"label", head_label_name(sorted[i].label)}});
    out[name] = best;
  }
  if (a->has("json")) {
    print_json({{"tokens", display_tokens(m->tokenizer, ids)}, {"patterns", out}});
    return 0;
  }
  std::cout << "Clearest heads on: " << *text << " (" << ids.size() << " tokens)\n";
  for (const auto& [name, score] : patterns) {
    std::cout << "  " << name << ":";
    for (const auto& h : out[name])
      std::printf(" L%dH%d %.2f", h["layer"].get<int>(), h["head"].get<int>(), h["score"].get<double>());
    std::cout << "\n";
  }
  return 0;
}

}  // namespace attn::cli
