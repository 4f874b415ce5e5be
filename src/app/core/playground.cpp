#include "core/playground.h"

#include <algorithm>
#include <cmath>

#include "compute/ops.h"
#include "run/rng.h"

namespace attn::app {
namespace {

Eigen::MatrixXf random_matrix(Rng& rng, int rows, int cols, float std) {
  Eigen::MatrixXf m(rows, cols);
  for (int i = 0; i < m.size(); ++i) {  // Box–Muller from the seeded PRNG
    const double u = std::max(1e-12, rng.uniform()), v = rng.uniform();
    m.data()[i] = static_cast<float>(std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v) * std);
  }
  return m;
}

Playground compute(const PlaygroundInputs& in, const Model& m) {
  Playground p;
  const int C = m.config.n_embd;
  p.T = std::min<int>(static_cast<int>(in.ids.size()), 16);
  Matrix emb(p.T, C), normed;
  for (int t = 0; t < p.T; ++t) emb.row(t) = m.token_embedding(in.ids[t]) + m.pos_embed.row(t);
  norm_forward(normed, emb, m.blocks[0].attn_norm);
  Rng rng(in.seed);
  p.heads = in.from_model ? m.config.n_head : std::max(1, in.heads);
  p.D = in.from_model ? C : in.dim;
  p.dk = in.from_model ? m.config.head_size() : std::max(1, p.D / p.heads);
  p.head = std::clamp(in.head, 0, p.heads - 1);
  p.x = in.from_model ? Eigen::MatrixXf(normed)
                      : Eigen::MatrixXf(Eigen::MatrixXf(normed) * random_matrix(rng, C, p.D, 1.0f / std::sqrt(float(C))));
  Eigen::MatrixXf wq, wk, wv;
  if (in.from_model) {
    wq = m.blocks[0].qkv.in_out_columns(p.head * p.dk, p.dk);
    wk = m.blocks[0].qkv.in_out_columns(C + p.head * p.dk, p.dk);
    wv = m.blocks[0].qkv.in_out_columns(2 * C + p.head * p.dk, p.dk);
  } else {
    for (int h = 0; h <= p.head; ++h) {  // each head's matrices come from the seed in turn
      wq = random_matrix(rng, p.D, p.dk, 1.0f / std::sqrt(float(p.D)));
      wk = random_matrix(rng, p.D, p.dk, 1.0f / std::sqrt(float(p.D)));
      wv = random_matrix(rng, p.D, p.dk, 1.0f / std::sqrt(float(p.D)));
    }
  }
  auto a = single_head_attention(p.x, wq, wk, wv, /*causal=*/true);
  if (a) p.attention = a.take();
  else p.error = a.error();
  return p;
}

}  // namespace

const Playground& PlaygroundCache::get(const PlaygroundInputs& inputs, const Model& model) {
  if (model_ != &model || !(inputs_ == inputs)) {
    inputs_ = inputs;
    model_ = &model;
    result_ = compute(inputs, model);
  }
  return result_;
}

}  // namespace attn::app
