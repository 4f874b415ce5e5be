#include "loading/convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <set>

#include "compute/half.h"
#include "families/registry.h"
#include "io/safetensors.h"

namespace attn {
namespace {

TensorBytes encode(const std::string& name, const float* v, std::vector<int64_t> shape, WeightFormat f) {
  size_t n = 1;
  for (auto d : shape) n *= static_cast<size_t>(d);
  TensorBytes t{name, "F32", shape, {}};
  if (f == WeightFormat::F32) {
    t.bytes.assign(reinterpret_cast<const char*>(v), n * 4);
  } else {
    t.dtype = "F16";
    t.bytes.resize(n * 2);
    for (size_t i = 0; i < n; ++i) {
      const uint16_t h = float_to_half(v[i]);
      t.bytes[2 * i] = static_cast<char>(h & 0xFF);
      t.bytes[2 * i + 1] = static_cast<char>(h >> 8);
    }
  }
  return t;
}

// Int8 with one scale per output channel, rounded by WeightMatrix::pack (an int8 model is written as it
// is). The file holds the matrix as (in, out) when `in_out` (Conv1D) and as (out, in) otherwise (wte), with
// the scales in "<name>_scale" (out).
void write_int8(std::vector<TensorBytes>& out, const std::string& name, const WeightMatrix& w, bool in_out) {
  const WeightMatrix q = w.format() == WeightFormat::Int8
                             ? w
                             : WeightMatrix::pack(w.to_dense().data(), w.rows(), w.cols(), false, WeightFormat::Int8);
  const int O = q.rows(), I = q.cols();
  TensorBytes t{name, "I8", in_out ? std::vector<int64_t>{I, O} : std::vector<int64_t>{O, I}, std::string(size_t(O) * I, '\0')};
  std::vector<float> scales(O);
  for (int o = 0; o < O; ++o) {
    scales[o] = q.scale(o);
    for (int i = 0; i < I; ++i) t.bytes[in_out ? size_t(i) * O + o : size_t(o) * I + i] = static_cast<char>(q.i8_row(o)[i]);
  }
  out.push_back(std::move(t));
  out.push_back(encode(name + "_scale", scales.data(), {O}, WeightFormat::F32));
}

}  // namespace

std::string export_safetensors(const Model& m, WeightFormat f) {
  std::vector<TensorBytes> out;
  const auto matrix = [&](const std::string& name, const WeightMatrix& w, bool in_out) {
    if (f == WeightFormat::Int8) return write_int8(out, name, w, in_out);
    const Matrix outs = w.to_dense();  // (out, in)
    const Matrix file = in_out ? Matrix(outs.transpose()) : outs;
    out.push_back(encode(name, file.data(), {file.rows(), file.cols()}, f));
  };
  const WeightFormat small = f == WeightFormat::F32 ? WeightFormat::F32 : WeightFormat::F16;  // vectors
  const auto vector = [&](const std::string& name, const RowVector& v) { out.push_back(encode(name, v.data(), {v.size()}, small)); };
  // The family's own names and layout: export reads the model through the slots and never writes.
  const Family* family = find_family(m.config.family);
  if (!family) return {};
  const std::set<std::string> present = optional_tensors(m);  // an untied output layer, BERT's masked-LM head
  for (const ParamSlot& p : family->parameters(const_cast<Model&>(m), present)) {
    if (p.matrix && p.total_rows) {  // one of q, k, v stacked in one matrix: its own rows only
      const Matrix part = p.matrix->to_dense().middleRows(p.row_offset, p.shape[0]);
      matrix(p.name, WeightMatrix::pack(part.data(), int(part.rows()), int(part.cols()), false, p.matrix->format()), p.rows_are_inputs);
    } else if (p.matrix) {
      matrix(p.name, *p.matrix, p.rows_are_inputs);
    } else if (p.table) {  // position tables are small and added to every token: kept at F16 even in int8 files
      out.push_back(encode(p.name, p.table->data(), {p.table->rows(), p.table->cols()}, small));
    } else if (p.total_rows) {
      vector(p.name, p.vector->segment(p.row_offset, p.shape[0]));
    } else if (p.vector->size()) {
      vector(p.name, *p.vector);
    }
  }
  const char* note[] = {"attn convert f32", "attn convert f16", "attn convert int8 (per-output-channel scales)"};
  return write_safetensors(out, note[static_cast<int>(f)]);
}

}  // namespace attn
