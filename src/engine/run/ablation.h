// Head ablation ("knock-out"): a forward pass with some heads' outputs replaced, to see what they change.
// A head's output is its (T, HS) slice of the concatenation that W_O reads. The traced pass that applies
// it is trace_tokens() (forward.h), which shares the layers before the first knocked-out head with the clean trace.
//   zero: the slice is 0 at every position;
//   mean: every position gets the slice's mean over all positions of the same text, in this same pass
//         (so heads knocked out in earlier layers already shape it).
#pragma once
#include <string>
#include <vector>

#include "expected.h"
#include "model/model.h"

namespace attn {

enum class AblationMode { Zero, Mean };

struct HeadRef {
  int layer = 0, head = 0;
  bool operator==(const HeadRef& o) const { return layer == o.layer && head == o.head; }
};

struct Ablation {
  std::vector<HeadRef> heads;  // no duplicates
  AblationMode mode = AblationMode::Zero;
  bool empty() const { return heads.empty(); }
  bool has(int layer, int head) const;
  bool has_layer(int layer) const;
};

const char* ablation_mode_name(AblationMode mode);                 // "zero", "mean"
Expected<AblationMode> parse_ablation_mode(const std::string& name);
// "3.2,0.1" -> {(3,2), (0,1)}, checked against the model's shape; duplicates are kept once.
Expected<std::vector<HeadRef>> parse_heads(const std::string& list, const Config& config);
std::string heads_to_string(const std::vector<HeadRef>& heads);     // "3.2,0.1"

// Replaces the knocked-out heads' slices of this layer's concat (T, C) in place.
void apply_ablation(Matrix& concat, int layer, const Ablation& ablation, int head_size);

}  // namespace attn
