#include "analysis/positions.h"

#include <cmath>

#include "compute/kernels.h"
#include "compute/ops.h"

namespace attn {

UnrotatedPair unrotated_pair(const Trace& tr, float theta, int l, int h, int query, int key) {
  const int HS = tr.head_size;
  UnrotatedPair p{std::vector<float>(tr.q(l, h, query), tr.q(l, h, query) + HS), std::vector<float>(tr.k(l, h, key), tr.k(l, h, key) + HS)};
  rotate_pair_row(p.q.data(), HS, -query, theta);  // a turn by -pos undoes the turn by pos
  rotate_pair_row(p.k.data(), HS, -key, theta);
  return p;
}

std::vector<float> rotary_scores_by_distance(const UnrotatedPair& p, float theta, int max_distance) {
  const int HS = static_cast<int>(p.q.size());
  std::vector<float> out;
  std::vector<float> q(HS), k(HS);
  for (int d = 0; d <= max_distance; ++d) {
    q = p.q, k = p.k;
    rotate_pair_row(q.data(), HS, max_distance + d, theta);  // any pair of positions d apart gives the same score
    rotate_pair_row(k.data(), HS, max_distance, theta);
    out.push_back(dot(q.data(), k.data(), HS) / std::sqrt(static_cast<float>(HS)));
  }
  return out;
}

double rotary_frequency(int pair, int head_size, float theta) { return std::pow(double(theta), -2.0 * pair / head_size); }

std::vector<float> position_similarity(const Model& m, int p, int n) {
  std::vector<float> out;
  if (m.pos_embed.rows() == 0) return out;
  const RowVector mean = m.pos_embed.colwise().mean();
  const RowVector a = m.pos_embed.row(p) - mean;
  for (int j = 0; j < n && j < m.pos_embed.rows(); ++j) {
    const RowVector b = m.pos_embed.row(j) - mean;
    out.push_back(a.dot(b) / std::max(1e-12f, a.norm() * b.norm()));
  }
  return out;
}

}  // namespace attn
