// Lesson step 2's word-order probe: layer 0's attention on a short sentence, optionally without position
// embeddings and the causal mask. Computed when the sentence, the toggles or the model change, not every frame.
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

#include "model/model.h"
#include "text/tokenizer.h"

namespace attn::app {

struct OrderProbe {
  std::vector<int> ids;
  std::vector<std::string> tokens;      // display forms
  std::vector<Eigen::MatrixXf> weights;  // per head, (T, T); empty if it could not be computed
};

class OrderProbeCache {
 public:
  const OrderProbe& get(const Model& model, const Tokenizer& tokenizer, const std::string& text, bool positions, bool mask);

 private:
  const Model* model_ = nullptr;
  std::string text_;
  bool positions_ = true, mask_ = true;
  OrderProbe probe_;
};

}  // namespace attn::app
