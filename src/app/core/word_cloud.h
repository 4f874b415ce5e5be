// Embeddings in 3D: the reader's words as the model's wte vectors (each word the mean of its tokens'
// rows, with a leading space as in running text), projected to their three main directions (PCA).
// Computed when the words or the model change, not every frame.
#pragma once
#include <Eigen/Core>
#include <string>
#include <vector>

#include "model/model.h"
#include "text/tokenizer.h"

namespace attn::app {

struct WordCloud {
  std::vector<std::string> words;  // at most 60, split on spaces
  Eigen::MatrixXf points;          // (words, 3), centred
};

class WordCloudCache {
 public:
  const WordCloud& get(const std::string& words, const Model& model, const Tokenizer& tokenizer);

 private:
  std::string words_;
  const Model* model_ = nullptr;
  WordCloud cloud_;
};

}  // namespace attn::app
