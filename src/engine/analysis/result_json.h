// The analyses' results as JSON, written once for the CLI (attn lens/attribute/heads --json) and the app
// (the state JSON, Download JSON), so both speak one dialect: a value that does not apply is null, never -1.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/attribution.h"
#include "analysis/induction.h"
#include "analysis/logit_lens.h"
#include "run/sampler.h"

namespace attn {

// A token id as the reader sees it (Tokenizer::display): passed in, so the analyses stay below the text layer.
using TokenText = std::function<std::string(int)>;

nlohmann::json optional_json(int v);  // v < 0 (not applicable) → null
nlohmann::json token_probs_json(const TokenText& tok, const std::vector<TokenProb>& probs);  // [{id, token, prob}]
// The first n of a distribution's drawable tokens (the bars): [{id, token, prob, logit}], prob as the sampler
// draws it (after temperature, top-k and top-p; with the defaults, the model's softmax).
nlohmann::json next_tokens_json(const TokenText& tok, const Distribution& d, int n);
nlohmann::json lens_cell_json(const TokenText& tok, const LensCell& cell);  // {top, next_id, next_rank, next_prob}
// {token, token_text, versus, versus_text, logit, sum, parts: [{kind, layer, head, value}]}
nlohmann::json attribution_json(const TokenText& tok, const Attribution& a);
nlohmann::json induction_json(const std::vector<InductionScore>& scores);  // [{layer, head, induction, previous}]

}  // namespace attn
