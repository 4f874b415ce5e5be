#include "analysis/attribution.h"

#include <cmath>
#include <string>

#include "compute/kernels.h"

namespace attn {

const char* part_kind_name(PartKind kind) {
  switch (kind) {
    case PartKind::Embed: return "embed";
    case PartKind::Head: return "head";
    case PartKind::AttnBias: return "attn_bias";
    case PartKind::Mlp: return "mlp";
    case PartKind::LnFBias: return "ln_f_bias";
  }
  return "embed";
}

namespace {

using Vec = Eigen::VectorXf;

Eigen::Map<const Vec> stream(const float* row, int n) { return Eigen::Map<const Vec>(row, n); }

}  // namespace

Expected<Attribution> attribute_logit(const Model& m, const Trace& tr, int token, int versus) {
  const int L = tr.n_layer, NH = tr.n_head, HS = tr.head_size, C = tr.n_embd, V = tr.vocab_size, t = tr.n_tokens - 1;
  if (tr.n_tokens == 0 || L != m.config.n_layer || C != m.config.n_embd || V != m.config.vocab_size)
    return fail("attribution: the trace does not belong to this model");
  auto outside = [&](int id) {
    return fail("token id " + std::to_string(id) + " is outside the vocabulary (0-" + std::to_string(V - 1) + ")");
  };
  if (token < 0 || token >= V) return outside(token);
  if (versus < -1 || versus >= V) return outside(versus);
  if (!m.config.traits.norm_before || !m.final_norm.w.size())
    return fail("attribution: the parts add up to the logit only in a pre-norm model with a final norm");
  const bool rms = m.final_norm.kind == NormKind::RMSNorm;  // RMSNorm subtracts no mean and adds no bias

  // The final norm's σ for the real residual, frozen for every part.
  const Vec x = stream(tr.residual(L, t), C);
  const float mean = rms ? 0.0f : x.mean();
  const float sigma = std::sqrt((x.array() - mean).square().mean() + m.config.norm_eps);
  // u = γ ⊙ (wte[A] − wte[B]) / σ; a part p contributes u · (p − mean(p)) = u·p − mean(p)·Σu.
  Vec dir(C), other(C);
  m.output_layer().row_to_float(token, dir.data());
  if (versus >= 0) {
    m.output_layer().row_to_float(versus, other.data());
    dir -= other;
  }
  const Vec u = dir.cwiseProduct(m.final_norm.w.transpose()) / sigma;
  const float u_sum = rms ? 0.0f : u.sum();
  auto contribution = [&](const Vec& p) { return u.dot(p) - p.mean() * u_sum; };

  Attribution a;
  a.token = token;
  a.versus = versus;
  a.parts.push_back({PartKind::Embed, -1, -1, contribution(stream(tr.residual(0, t), C))});
  Vec w_o_row(C), part(C);
  Eigen::MatrixXf heads(C, NH);  // column h: head h's output through its slice of W_O
  for (int l = 0; l < L; ++l) {
    const Linear& proj = m.blocks[l].o_proj;  // W_O stored (out, in): column j reads concat[j]
    const auto concat = stream(tr.concat(l, t), NH * HS);
    for (int r = 0; r < C; ++r) {
      proj.w.row_to_float(r, w_o_row.data());
      for (int h = 0; h < NH; ++h) heads(r, h) = w_o_row.segment(h * HS, HS).dot(concat.segment(h * HS, HS));
    }
    for (int h = 0; h < NH; ++h) a.parts.push_back({PartKind::Head, l, h, contribution(heads.col(h))});
    a.parts.push_back({PartKind::AttnBias, l, -1, proj.b.size() ? contribution(proj.b.transpose()) : 0.0f});
    // The MLP's output is what the block added besides attention.
    part = stream(tr.residual(l + 1, t), C) - stream(tr.residual(l, t), C) - stream(tr.attn_out(l, t), C);
    a.parts.push_back({PartKind::Mlp, l, -1, contribution(part)});
  }
  a.parts.push_back({PartKind::LnFBias, -1, -1, m.final_norm.b.size() ? dir.dot(m.final_norm.b.transpose()) : 0.0f});
  for (const LogitPart& p : a.parts) a.sum += p.value;
  a.logit = tr.logits[token] - (versus >= 0 ? tr.logits[versus] : 0.0f);
  return a;
}

}  // namespace attn
