#include "compute/weight_matrix.h"

#include <algorithm>
#include <cmath>

#include "compute/half.h"

namespace attn {

Expected<WeightFormat> parse_weight_format(const std::string& name) {
  if (name == "f32") return WeightFormat::F32;
  if (name == "f16") return WeightFormat::F16;
  if (name == "int8") return WeightFormat::Int8;
  return fail("unknown weight format '" + name + "' (use f32, f16 or int8)");
}

const char* weight_format_name(WeightFormat format) {
  switch (format) {
    case WeightFormat::F32: return "f32";
    case WeightFormat::F16: return "f16";
    case WeightFormat::Int8: return "int8";
  }
  return "?";
}

size_t weight_format_bytes(WeightFormat format) {
  return format == WeightFormat::F32 ? 4 : format == WeightFormat::F16 ? 2 : 1;
}

WeightMatrix WeightMatrix::allocate(int rows, int cols, WeightFormat format) {
  WeightMatrix m;
  m.format_ = format;
  m.rows_ = rows;
  m.cols_ = cols;
  const size_t n = size_t(rows) * cols;
  switch (format) {
    case WeightFormat::F32: m.f32_.resize(n); break;
    case WeightFormat::F16: m.f16_.resize(n); break;
    case WeightFormat::Int8: m.i8_.resize(n); m.scale_.resize(rows); break;
  }
  return m;
}

void WeightMatrix::set_row(int r, const float* values) {
  const size_t at = size_t(r) * cols_;
  switch (format_) {
    case WeightFormat::F32:
      std::copy(values, values + cols_, f32_.begin() + at);
      break;
    case WeightFormat::F16:
      for (int c = 0; c < cols_; ++c) f16_[at + c] = float_to_half(values[c]);
      break;
    case WeightFormat::Int8: {
      float max = 0;
      for (int c = 0; c < cols_; ++c) max = std::max(max, std::abs(values[c]));
      const float scale = max > 0 ? max / 127.0f : 1.0f;
      scale_[r] = scale;
      for (int c = 0; c < cols_; ++c)
        i8_[at + c] = static_cast<int8_t>(std::lround(std::clamp(values[c] / scale, -127.0f, 127.0f)));
      break;
    }
  }
}

WeightMatrix WeightMatrix::pack(const float* values, int rows, int cols, bool transposed, WeightFormat format) {
  WeightMatrix m = allocate(rows, cols, format);
  std::vector<float> row(transposed ? cols : 0);
  for (int r = 0; r < rows; ++r) {
    if (!transposed) {
      m.set_row(r, values + size_t(r) * cols);
      continue;
    }
    for (int c = 0; c < cols; ++c) row[c] = values[size_t(c) * rows + r];
    m.set_row(r, row.data());
  }
  return m;
}

namespace {
uint16_t half_at(const uint8_t* le, size_t i) { return static_cast<uint16_t>(le[2 * i] | (le[2 * i + 1] << 8)); }
}  // namespace

void WeightMatrix::set_row_halves(int r, const uint8_t* le_halves) {
  uint16_t* out = f16_.data() + size_t(r) * cols_;
  for (int c = 0; c < cols_; ++c) out[c] = half_at(le_halves, c);
}

WeightMatrix WeightMatrix::pack_halves(const uint8_t* le_halves, int rows, int cols, bool transposed) {
  WeightMatrix m = allocate(rows, cols, WeightFormat::F16);
  uint16_t* out = m.f16_.data();
  if (!transposed) {
    for (size_t i = 0; i < size_t(rows) * cols; ++i) out[i] = half_at(le_halves, i);
    return m;
  }
  // In 32×32 tiles: a whole tile of source and destination stays in cache (a plain loop strides over every row
  // of the source for each value and measured several times slower on GPT-2's Conv1D matrices).
  constexpr int kTile = 32;
  for (int r0 = 0; r0 < rows; r0 += kTile)
    for (int c0 = 0; c0 < cols; c0 += kTile)
      for (int c = c0; c < std::min(cols, c0 + kTile); ++c)
        for (int r = r0; r < std::min(rows, r0 + kTile); ++r) out[size_t(r) * cols + c] = half_at(le_halves, size_t(c) * rows + r);
  return m;
}

bool WeightMatrix::same_values(const WeightMatrix& other) const {
  return format_ == other.format_ && rows_ == other.rows_ && cols_ == other.cols_ && f32_ == other.f32_ &&
         f16_ == other.f16_ && i8_ == other.i8_ && scale_ == other.scale_;
}

size_t WeightMatrix::bytes() const {
  return f32_.size() * 4 + f16_.size() * 2 + i8_.size() + scale_.size() * 4;
}

float WeightMatrix::at(int r, int c) const {
  const size_t i = size_t(r) * cols_ + c;
  switch (format_) {
    case WeightFormat::F32: return f32_[i];
    case WeightFormat::F16: return half_to_float(f16_[i]);
    case WeightFormat::Int8: return i8_[i] * scale_[r];
  }
  return 0;
}

void WeightMatrix::row_to_float(int r, float* out) const {
  const size_t at = size_t(r) * cols_;
  switch (format_) {
    case WeightFormat::F32: std::copy_n(f32_.data() + at, cols_, out); break;
    case WeightFormat::F16: for (int c = 0; c < cols_; ++c) out[c] = half_to_float(f16_[at + c]); break;
    case WeightFormat::Int8: for (int c = 0; c < cols_; ++c) out[c] = i8_[at + c] * scale_[r]; break;
  }
}

WeightMatrix::Dense WeightMatrix::to_dense() const {
  Dense d(rows_, cols_);
  for (int r = 0; r < rows_; ++r) row_to_float(r, d.row(r).data());
  return d;
}

int activation_limit(int cols) {
  const int64_t limit = (int64_t{1} << 31) / (127 * int64_t{std::max(cols, 1)}) - 1;
  return static_cast<int>(std::clamp<int64_t>(limit, 1, 32767));
}

float quantize_activations(const float* x, int n, int limit, int16_t* out) {
  float max = 0;
  for (int i = 0; i < n; ++i) max = std::max(max, std::abs(x[i]));
  if (max == 0) {
    std::fill(out, out + n, int16_t{0});
    return 0;
  }
  const float scale = max / static_cast<float>(limit), inv = static_cast<float>(limit) / max;
  for (int i = 0; i < n; ++i) out[i] = static_cast<int16_t>(std::clamp(std::lround(x[i] * inv), -long{limit}, long{limit}));
  return scale;
}

}  // namespace attn
