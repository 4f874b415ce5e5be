#include "run/ablation.h"

#include <algorithm>
#include <cstdio>


namespace attn {

bool Ablation::has(int layer, int head) const {
  return std::find(heads.begin(), heads.end(), HeadRef{layer, head}) != heads.end();
}

bool Ablation::has_layer(int layer) const {
  return std::any_of(heads.begin(), heads.end(), [&](const HeadRef& h) { return h.layer == layer; });
}

const char* ablation_mode_name(AblationMode mode) { return mode == AblationMode::Mean ? "mean" : "zero"; }

Expected<AblationMode> parse_ablation_mode(const std::string& name) {
  if (name == "zero") return AblationMode::Zero;
  if (name == "mean") return AblationMode::Mean;
  return fail("unknown ablation mode '" + name + "' (use zero or mean)");
}

Expected<std::vector<HeadRef>> parse_heads(const std::string& list, const Config& c) {
  std::vector<HeadRef> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find(',', start), list.size());
    const std::string item = list.substr(start, end - start);
    int layer = -1, head = -1, used = 0;
    if (item.size() > 11 || item.find_first_not_of("0123456789.") != std::string::npos ||  // no int overflow
        std::sscanf(item.c_str(), "%d.%d%n", &layer, &head, &used) != 2 || used != static_cast<int>(item.size()))
      return fail("'" + item + "' is not a head: write LAYER.HEAD, e.g. 3.2");
    if (layer < 0 || layer >= c.n_layer || head < 0 || head >= c.n_head)
      return fail("there is no head " + item + ": the model has layers 0-" + std::to_string(c.n_layer - 1) +
                  " and heads 0-" + std::to_string(c.n_head - 1));
    if (std::find(out.begin(), out.end(), HeadRef{layer, head}) == out.end()) out.push_back({layer, head});
    start = end + 1;
  }
  return out;
}

std::string heads_to_string(const std::vector<HeadRef>& heads) {
  std::string s;
  for (const HeadRef& h : heads) s += (s.empty() ? "" : ",") + std::to_string(h.layer) + "." + std::to_string(h.head);
  return s;
}

void apply_ablation(Matrix& concat, int layer, const Ablation& ablation, int HS) {
  for (const HeadRef& h : ablation.heads) {
    if (h.layer != layer) continue;
    auto slice = concat.middleCols(h.head * HS, HS);  // (T, HS)
    if (ablation.mode == AblationMode::Zero) {
      slice.setZero();
    } else {
      const Eigen::RowVectorXf mean = slice.colwise().mean();
      slice.rowwise() = mean;
    }
  }
}

}  // namespace attn
