// attn trace: every head's attention weights and the next-token logits for a text, as JSON.
#include <utility>

#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"
#include "run/sampler.h"

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_trace(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "layer", "head", "weights"}, {"stdin"});
  if (!a) return fail(a.error());
  auto dir = a->get("model");
  if (!dir) return fail("trace needs --model DIR");
  auto text = read_text(*a, "text");
  if (!text) return fail(text.error());
  auto storage = weights_option(*a);  // --weights f16: kept as the page keeps a large model
  if (!storage) return fail(storage.error());
  auto m = load_model_dir(*dir, *storage);
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
        rows.push_back(tr->weight_row(l, h, q));
      }
      per_head.push_back(std::move(rows));
    }
    attention.push_back(std::move(per_head));
  }
  const Distribution d = make_distribution(tr->logits.data(), tr->vocab_size, SamplerSettings{});  // all kept
  const json top = next_tokens_json(m->tokenizer.display_function(), d, 10);
  print_json({{"family", m->model.config.family},
              {"notes", m->model.config.notes},  // what config.json left to the family's defaults
              {"tokens", display_tokens(m->tokenizer, ids)},
              {"ids", ids},
              {"dropped_tokens", dropped},
              {"layers", layers},
              {"heads", heads},
              {"attention", attention},
              {"logits_top", top},
              {"logits", tr->logits}});
  return 0;
}

}  // namespace attn::cli
