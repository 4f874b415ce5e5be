#include "analysis/result_json.h"

namespace attn {

using nlohmann::json;

json optional_json(int v) { return v < 0 ? json(nullptr) : json(v); }

json token_probs_json(const TokenText& tok, const std::vector<TokenProb>& probs) {
  json out = json::array();
  for (const TokenProb& p : probs) out.push_back({{"id", p.id}, {"token", tok(p.id)}, {"prob", p.prob}});
  return out;
}

json next_tokens_json(const TokenText& tok, const Distribution& d, int n) {
  json out = json::array();
  for (int i = 0; i < d.kept && i < n; ++i) {
    const Candidate& c = d.sorted[i];
    out.push_back({{"id", c.id}, {"token", tok(c.id)}, {"prob", c.sample_prob}, {"logit", c.logit}});
  }
  return out;
}

json lens_cell_json(const TokenText& tok, const LensCell& cell) {
  const bool has_next = cell.next_id >= 0;  // the last position has no next token
  return {{"top", token_probs_json(tok, cell.top)},
          {"next_id", optional_json(cell.next_id)},
          {"next_rank", has_next ? json(cell.next_rank) : json(nullptr)},
          {"next_prob", has_next ? json(cell.next_prob) : json(nullptr)}};
}

json attribution_json(const TokenText& tok, const Attribution& a) {
  json parts = json::array();
  for (const LogitPart& p : a.parts)
    parts.push_back({{"kind", part_kind_name(p.kind)}, {"layer", optional_json(p.layer)}, {"head", optional_json(p.head)},
                     {"value", p.value}});
  return {{"token", a.token}, {"token_text", tok(a.token)}, {"versus", optional_json(a.versus)},
          {"versus_text", a.versus >= 0 ? json(tok(a.versus)) : json(nullptr)},
          {"logit", a.logit}, {"sum", a.sum}, {"parts", std::move(parts)}};
}

json induction_json(const std::vector<InductionScore>& scores) {
  json out = json::array();
  for (const InductionScore& s : scores)
    out.push_back({{"layer", s.layer}, {"head", s.head}, {"induction", s.induction}, {"previous", s.previous}});
  return out;
}

}  // namespace attn
