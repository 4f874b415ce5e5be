#include "compute/layers.h"

namespace attn {

Matrix Linear::in_out_columns(int first, int n) const {
  Matrix m(w.cols(), n);
  for (int o = 0; o < n; ++o)
    for (int i = 0; i < w.cols(); ++i) m(i, o) = w.at(first + o, i);
  return m;
}

}  // namespace attn
