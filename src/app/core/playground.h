// The playground's toy attention on the reader's first 16 tokens: X from the model's embeddings (after
// layer 0's LayerNorm), squeezed by a seeded random projection or kept as they are, then one head's
// Q, K, V, scores, scaling, softmax and output from the engine's stand-alone attention. Computed when its
// inputs change, not every frame.
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

#include "analysis/toy_attention.h"
#include "model/model.h"

namespace attn::app {

struct PlaygroundInputs {
  std::vector<int> ids;  // the text's tokens (the first 16 are used)
  bool from_model = false;  // projections from layer 0 of the model instead of random ones
  int dim = 8, heads = 1, head = 0;
  uint64_t seed = 7;
  bool operator==(const PlaygroundInputs& o) const {
    return ids == o.ids && from_model == o.from_model && dim == o.dim && heads == o.heads && head == o.head && seed == o.seed;
  }
};

struct Playground {
  int T = 0, D = 0, heads = 0, dk = 0, head = 0;  // tokens shown, X's width, heads, head size, the head shown
  Eigen::MatrixXf x;                               // (T, D)
  SingleHeadAttention attention;                   // that head's intermediates
  std::string error;                               // why it could not be computed, if so
};

class PlaygroundCache {
 public:
  const Playground& get(const PlaygroundInputs& inputs, const Model& model);

 private:
  PlaygroundInputs inputs_;
  const Model* model_ = nullptr;
  Playground result_;
};

}  // namespace attn::app
