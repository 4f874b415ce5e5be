#include "loading/storage_export.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "families/registry.h"
#include "io/safetensors.h"

namespace attn {
namespace {

constexpr size_t kPieceBytes = 4 << 20;

const char* dtype_of(WeightFormat f) { return f == WeightFormat::F32 ? "F32" : f == WeightFormat::F16 ? "F16" : "I8"; }

}  // namespace

Expected<StorageExport> StorageExport::of(const Model& m) {
  const Family* family = find_family(m.config.family);
  if (!family) return fail("no model family named '" + m.config.family + "' to export");
  StorageExport e;
  const std::set<std::string> present = optional_tensors(m);  // an untied output layer, BERT's masked-LM head
  // parameters() hands out writable slots; the export only reads through them.
  for (const ParamSlot& p : family->parameters(const_cast<Model&>(m), present)) {
    Entry x;
    x.name = p.name;
    x.shape = p.shape;
    const int64_t rows = p.shape[0], cols = p.shape.size() > 1 ? p.shape[1] : 1;
    if (p.matrix) {
      const WeightMatrix& w = *p.matrix;
      x.dtype = dtype_of(w.format());
      x.matrix = &w, x.transposed = p.rows_are_inputs, x.first_row = p.row_offset;
      x.bytes = size_t(rows * cols) * weight_format_bytes(w.format());
      e.entries_.push_back(x);
      if (w.format() == WeightFormat::Int8) {
        const int64_t outs = p.rows_are_inputs ? cols : rows;
        e.entries_.push_back({p.name + "_scale", "F32", {outs}, &w, false, true, p.row_offset, nullptr, size_t(outs) * 4});
      }
      continue;
    }
    x.dtype = "F32";
    x.floats = p.table ? p.table->data() : p.vector->data() + p.row_offset;
    x.bytes = size_t(rows * cols) * 4;
    e.entries_.push_back(x);
  }
  std::vector<TensorLayout> layout;
  for (const Entry& x : e.entries_) layout.push_back({x.name, x.dtype, x.shape, x.bytes});
  e.header_ = safetensors_header(layout, "attn storage");
  e.size_ = e.header_.size();
  for (const Entry& x : e.entries_) e.size_ += x.bytes;
  return e;
}

std::string_view StorageExport::next() {
  if (!header_given_) {
    header_given_ = true;
    return header_;
  }
  while (entry_ < entries_.size()) {
    const Entry& x = entries_[entry_];
    const int64_t rows = x.scales ? 1 : x.shape[0];
    if (row_ >= rows) {
      ++entry_, row_ = 0;
      continue;
    }
    const size_t row_bytes = x.bytes / size_t(rows);
    const int64_t take = std::clamp<int64_t>(int64_t(kPieceBytes / std::max<size_t>(row_bytes, 1)), 1, rows - row_);
    const int64_t at = row_;
    row_ += take;
    if (x.floats) return {reinterpret_cast<const char*>(x.floats) + at * row_bytes, size_t(take) * row_bytes};
    const WeightMatrix& w = *x.matrix;
    if (x.scales) {  // one piece: the scales of the matrix's rows
      buffer_.resize(x.bytes);
      for (size_t r = 0; r < x.bytes / 4; ++r) {
        const float s = w.scale(x.first_row + int(r));
        std::memcpy(&buffer_[r * 4], &s, 4);
      }
      return buffer_;
    }
    const size_t value = weight_format_bytes(w.format());
    const auto row_bits = [&](int r) -> const char* {
      switch (w.format()) {
        case WeightFormat::F32: return reinterpret_cast<const char*>(w.f32_row(r));
        case WeightFormat::F16: return reinterpret_cast<const char*>(w.f16_row(r));
        case WeightFormat::Int8: return reinterpret_cast<const char*>(w.i8_row(r));
      }
      return nullptr;
    };
    if (!x.transposed)  // storage rows are file rows: handed out as they are
      return {row_bits(x.first_row + int(at)), size_t(take) * row_bytes};
    // (in, out) in the file: file row i is input i across every output row of storage
    const int64_t outs = x.shape[1];
    buffer_.resize(size_t(take) * row_bytes);
    for (int64_t i = 0; i < take; ++i)
      for (int64_t o = 0; o < outs; ++o)
        std::memcpy(&buffer_[(size_t(i) * outs + o) * value], row_bits(x.first_row + int(o)) + (at + i) * value, value);
    return buffer_;
  }
  return {};
}

}  // namespace attn
