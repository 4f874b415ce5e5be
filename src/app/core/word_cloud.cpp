#include "core/word_cloud.h"

#include <sstream>

#include "analysis/probes.h"

namespace attn::app {

const WordCloud& WordCloudCache::get(const std::string& words, const Model& m, const Tokenizer& tok) {
  if (words == words_ && model_ == &m) return cloud_;
  words_ = words;
  model_ = &m;
  cloud_.words.clear();
  std::istringstream in(words);
  for (std::string w; in >> w && cloud_.words.size() < 60;) cloud_.words.push_back(w);
  Eigen::MatrixXf x(cloud_.words.size(), m.config.n_embd);
  for (size_t i = 0; i < cloud_.words.size(); ++i) {
    const auto ids = tok.encode(" " + cloud_.words[i]);
    x.row(i).setZero();
    for (int id : ids) x.row(i) += m.token_embedding(id);
    x.row(i) /= static_cast<float>(std::max<size_t>(1, ids.size()));
  }
  cloud_.points = pca_3d(x);
  return cloud_;
}

}  // namespace attn::app
