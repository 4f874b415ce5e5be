// A weight matrix stored the way the kernels stream it: one row per output, each row contiguous over the
// inputs (y = W·x), as F32, F16 (IEEE half bits) or Int8 with one F32 scale per row (per output channel).
// Kernels widen to F32 and accumulate in F32, so F16/Int8 halve/quarter the bytes decode has to read.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "expected.h"

namespace attn {

enum class WeightFormat { F32, F16, Int8 };

Expected<WeightFormat> parse_weight_format(const std::string& name);  // "f32", "f16", "int8"
const char* weight_format_name(WeightFormat format);
size_t weight_format_bytes(WeightFormat format);  // per value, scales not counted

class WeightMatrix {
 public:
  using Dense = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  WeightMatrix() = default;
  // Packs `values`, a row-major (rows, cols) matrix, or its transpose when `transposed` (values then hold
  // (cols, rows): how HF's Conv1D stores (in, out)). Int8 rounds to nearest with scale = max|row| / 127.
  static WeightMatrix pack(const float* values, int rows, int cols, bool transposed, WeightFormat format);
  // Storage for (rows, cols) to be filled row by row with set_row (the streaming loader's path).
  static WeightMatrix allocate(int rows, int cols, WeightFormat format);
  void set_row(int r, const float* values);  // cols values; int8 takes its scale from this row
  // F16 storage filled straight from a file's little-endian half bits (no trip through floats): row r, or the
  // whole matrix from (rows, cols) bits or their transpose (cols, rows). The caller has checked they are finite.
  void set_row_halves(int r, const uint8_t* le_halves);
  static WeightMatrix pack_halves(const uint8_t* le_halves, int rows, int cols, bool transposed);
  bool same_values(const WeightMatrix& other) const;  // bit-identical storage (a tied output layer)

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  WeightFormat format() const { return format_; }
  size_t bytes() const;  // storage, scales included

  float at(int r, int c) const;
  void row_to_float(int r, float* out) const;  // dequantized row r (cols)
  Dense to_dense() const;                        // (rows, cols), dequantized

  const float* f32_row(int r) const { return f32_.data() + size_t(r) * cols_; }
  const uint16_t* f16_row(int r) const { return f16_.data() + size_t(r) * cols_; }
  const int8_t* i8_row(int r) const { return i8_.data() + size_t(r) * cols_; }
  float scale(int r) const { return scale_[r]; }

 private:
  WeightFormat format_ = WeightFormat::F32;
  int rows_ = 0, cols_ = 0;
  std::vector<float> f32_;
  std::vector<uint16_t> f16_;
  std::vector<int8_t> i8_;
  std::vector<float> scale_;
};

// Int8 weights are multiplied in integers: each activation row is rounded to int16 with its own scale,
// and products are summed in int32. The largest activation maps to activation_limit(cols), chosen so
// that no sum of cols products |w| <= 127 can overflow int32. Both kernel builds call this one function,
// so native and WebAssembly int8 results are identical.
int activation_limit(int cols);
float quantize_activations(const float* x, int n, int limit, int16_t* out);  // returns the scale

}  // namespace attn
