// Fill the blank: an encoder's guesses for each [MASK] in a text, read from both sides. At every masked
// position the last block's output goes through the masked-LM head: p = softmax(head(residual[L][t])).
// The encoder's counterpart of the next-token bars.
#pragma once
#include <vector>

#include "analysis/logit_lens.h"
#include "expected.h"
#include "model/model.h"
#include "run/trace.h"

namespace attn {

struct MaskFill {
  int position = 0;
  std::vector<TokenProb> top;  // likeliest first
  std::vector<float> probs;    // (V) the whole distribution
};

// One entry per position holding mask_id, in order. Fails with one line when there is none, or when the
// model has no masked-LM head (a BertModel checkpoint).
Expected<std::vector<MaskFill>> fill_masks(const Model& model, const Trace& trace, int mask_id, int top);

}  // namespace attn
