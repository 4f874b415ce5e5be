// attn lens: the logit lens over every layer boundary and position of a text.
#include "analysis/result_json.h"
#include "cli_output.h"
#include "commands.h"
#include "run/forward.h"
#include "analysis/logit_lens.h"

namespace attn::cli {

using nlohmann::json;

Expected<int> cmd_lens(const Argv& argv) {
  auto a = Args::parse(argv, {"model", "text", "top"}, {"stdin"});
  if (!a) return fail(a.error());
  auto top = a->get_int("top", 5, 1, 100);
  if (!top) return fail(top.error());
  auto in = load_model_and_text(*a, "lens");
  if (!in) return fail(in.error());
  const Model& model = in->loaded.model;
  const Tokenizer& tok = in->loaded.tokenizer;
  auto tr = trace_tokens(model, in->ids);
  if (!tr) return fail(tr.error());
  auto lens = logit_lens(model, *tr, *top);
  if (!lens) return fail(lens.error());
  json layers = json::array();
  for (int l = 0; l < lens->n_boundaries; ++l) {
    json row = json::array();
    for (int t = 0; t < lens->n_tokens; ++t) row.push_back(lens_cell_json(tok.display_function(), lens->at(l, t)));
    layers.push_back(std::move(row));
  }
  print_json({{"tokens", display_tokens(tok, in->ids)}, {"ids", in->ids}, {"layers", layers}});
  return 0;
}

}  // namespace attn::cli
