// Positions: how the loaded model tells where a token stands, from its own numbers. A rotary model (Llama
// family): one 2-D pair of the real query and key turning with position, and the score the same two vectors
// give at every distance. A learned table (GPT-2): how alike the selected position's vector is to the others.
#include <algorithm>
#include <cmath>
#include <imgui.h>

#include "analysis/positions.h"
#include "panels/panels.h"
#include "ui/colors.h"
#include "ui/widgets.h"

namespace attn::app {
namespace {

constexpr int kMaxDistance = 63;

// The pair of dimensions (i, i + HS/2) that contributes most to this query-key score, among those that turn
// at least 0.1 rad per position (so the turn is seen); the strongest of all if none does.
int strongest_pair(const UnrotatedPair& p, float theta) {
  const int half = static_cast<int>(p.q.size()) / 2;
  int best = 0, best_turning = -1;
  float most = -1, most_turning = -1;
  for (int i = 0; i < half; ++i) {
    const float m = std::hypot(p.q[i], p.q[i + half]) * std::hypot(p.k[i], p.k[i + half]);
    if (m > most) most = m, best = i;
    if (rotary_frequency(i, 2 * half, theta) >= 0.1 && m > most_turning) most_turning = m, best_turning = i;
  }
  return best_turning >= 0 ? best_turning : best;
}

// The query's and key's pair as arrows from the centre of a circle; faint arrows: the query at each earlier
// position, so the turn per position is seen.
void PairDial(const UnrotatedPair& p, int pair, double freq, int query_pos, int key_pos, float size) {
  const int half = static_cast<int>(p.q.size()) / 2;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c(o.x + size / 2, o.y + size / 2);
  const float r = size * 0.45f;
  const float scale = r / std::max({1e-6f, std::hypot(p.q[pair], p.q[pair + half]), std::hypot(p.k[pair], p.k[pair + half])});
  dl->AddCircle(c, r, ImGui::GetColorU32(ImGuiCol_Border), 64);
  const auto arrow = [&](float x, float y, double turn, uint32_t col, float width) {
    const float cs = static_cast<float>(std::cos(turn)), sn = static_cast<float>(std::sin(turn));
    dl->AddLine(c, ImVec2(c.x + (x * cs - y * sn) * scale, c.y - (y * cs + x * sn) * scale), col, width);
  };
  for (int pos = 0; pos < query_pos; ++pos) arrow(p.q[pair], p.q[pair + half], pos * freq, ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.18f), 1.0f);
  arrow(p.k[pair], p.k[pair + half], key_pos * freq, ImGui::GetColorU32(ImGuiCol_Text), std::max(2.0f, 0.15f * em()));
  arrow(p.q[pair], p.q[pair + half], query_pos * freq, ImGui::GetColorU32(ImGuiCol_PlotHistogram), std::max(2.0f, 0.15f * em()));
}

void ShowRotary(App& app) {
  const Trace& trace = app.session.trace();
  const Config& c = app.session.model().model.config;
  const int l = app.state.layer, h = app.state.head, q = app.session.selected(app.state);
  int key = 0;  // the key this query weighs most
  for (int s = 0; s < trace.keys(q); ++s)
    if (trace.weight(l, h, q, s) > trace.weight(l, h, q, key)) key = s;
  const UnrotatedPair pair = unrotated_pair(trace, c.traits.rope_theta, l, h, q, key);
  const int i = strongest_pair(pair, c.traits.rope_theta);
  const double freq = rotary_frequency(i, c.head_size(), c.traits.rope_theta);
  const auto& tokens = app.session.tokens();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(trf("positions.rotary_intro", {{"size", std::to_string(c.head_size())},
                                                        {"pairs", std::to_string(c.head_size() / 2)},
                                                        {"theta", number(c.traits.rope_theta, 0)}})
                             .c_str());
  ImGui::TextUnformatted(trf("positions.rotary_pair", {{"pair", std::to_string(i)},
                                                       {"rad", number(freq, 3)},
                                                       {"deg", number(freq * 180.0 / 3.14159265358979, 1)},
                                                       {"query", tokens[q]},
                                                       {"query_pos", std::to_string(q)},
                                                       {"key", tokens[key]},
                                                       {"key_pos", std::to_string(key)}})
                             .c_str());
  ImGui::PopTextWrapPos();
  PairDial(pair, i, freq, q, key, std::min(16 * em(), ImGui::GetContentRegionAvail().x));
  const int reach = std::min(kMaxDistance, c.n_ctx - 1);
  const std::vector<float> by_distance = rotary_scores_by_distance(pair, c.traits.rope_theta, reach);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(
      trf("positions.by_distance", {{"reach", std::to_string(reach)}, {"real", std::to_string(q - key)}}).c_str());
  ImGui::PopTextWrapPos();
  const float w = ImGui::GetContentRegionAvail().x, hgt = 6 * em();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, hgt));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float extent = 1e-6f;
  for (float s : by_distance) extent = std::max(extent, std::abs(s));
  const float bar = w / by_distance.size(), mid = o.y + hgt / 2;
  for (size_t d = 0; d < by_distance.size(); ++d) {
    const float y = mid - by_distance[d] / extent * (hgt / 2 - 2);
    const bool real = static_cast<int>(d) == q - key;
    dl->AddRectFilled(ImVec2(o.x + d * bar, std::min(mid, y)), ImVec2(o.x + (d + 1) * bar - 1, std::max(mid, y)),
                      real ? ImGui::GetColorU32(ImGuiCol_PlotHistogram) : diverging(by_distance[d], extent));
    if (ImGui::IsMouseHoveringRect(ImVec2(o.x + d * bar, o.y), ImVec2(o.x + (d + 1) * bar, o.y + hgt)))
      ImGui::SetTooltip("%s", trf("positions.distance_tip", {{"distance", std::to_string(d)}, {"score", number(by_distance[d], 2)}}).c_str());
  }
  dl->AddLine(ImVec2(o.x, mid), ImVec2(o.x + w, mid), ImGui::GetColorU32(ImGuiCol_Border));
  const auto [lo, hi] = std::minmax_element(by_distance.begin(), by_distance.end());
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(trf("positions.rotary_summary",
                             {{"real_score", number(by_distance[std::min<size_t>(q - key, by_distance.size() - 1)], 2)},
                              {"real", std::to_string(q - key)},
                              {"high", number(*hi, 2)},
                              {"high_at", std::to_string(hi - by_distance.begin())},
                              {"low", number(*lo, 2)},
                              {"low_at", std::to_string(lo - by_distance.begin())}})
                             .c_str());
  ImGui::PopTextWrapPos();
}

void ShowLearnedTable(App& app) {
  const Model& m = app.session.model().model;
  const int q = app.session.selected(app.state), T = app.session.trace().n_tokens;
  const std::vector<float> sim = position_similarity(m, q, std::min(m.config.n_ctx, std::max(T, 32)));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(trf("positions.learned_intro", {{"size", std::to_string(m.config.n_embd)},
                                                         {"count", std::to_string(m.config.n_ctx)},
                                                         {"pos", std::to_string(q)},
                                                         {"token", app.session.tokens()[q]}})
                             .c_str());
  ImGui::PopTextWrapPos();
  const float w = ImGui::GetContentRegionAvail().x, hgt = 6 * em();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, hgt));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar = w / std::max<size_t>(1, sim.size()), mid = o.y + hgt / 2;
  for (size_t p = 0; p < sim.size(); ++p) {
    const float y = mid - sim[p] * (hgt / 2 - 2);
    dl->AddRectFilled(ImVec2(o.x + p * bar, std::min(mid, y)), ImVec2(o.x + (p + 1) * bar - 1, std::max(mid, y)),
                      static_cast<int>(p) == q ? ImGui::GetColorU32(ImGuiCol_PlotHistogram) : diverging(sim[p], 1.0f));
    if (ImGui::IsMouseHoveringRect(ImVec2(o.x + p * bar, o.y), ImVec2(o.x + (p + 1) * bar, o.y + hgt)))
      ImGui::SetTooltip("%s", trf("positions.position_tip", {{"pos", std::to_string(p)}, {"value", number(sim[p], 2)}}).c_str());
  }
  if (q > 0 && q + 1 < static_cast<int>(sim.size()))
    ImGui::TextUnformatted(trf("positions.neighbours", {{"before", number(sim[q - 1], 2)},
                                                        {"before_pos", std::to_string(q - 1)},
                                                        {"after", number(sim[q + 1], 2)},
                                                        {"after_pos", std::to_string(q + 1)}})
                               .c_str());
}

}  // namespace

void ShowPositionsPanel(App& app) {
  if (!app.session.ready() || app.session.trace().n_tokens == 0) return;
  LayerHeadPickers(app);
  if (app.session.model().model.config.traits.positions == PositionKind::Rotary) ShowRotary(app);
  else ShowLearnedTable(app);
}

}  // namespace attn::app
