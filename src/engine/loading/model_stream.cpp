// The streaming loader: a safetensors file fed in pieces of any size, each tensor checked and stored as it arrives.
// Long because one State holds the whole walk through the file (header, pieces in file order, rows of the output
// tables, int8 scales kept to the end) and each step reads and changes the same fields.
#include "loading/model_stream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "families/registry.h"
#include "io/safetensors.h"

namespace attn {
namespace {

const std::string kFile = "model.safetensors";

std::string str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

bool is_float(const std::string& dtype) { return dtype == "F32" || dtype == "F16" || dtype == "BF16"; }

// One parameter of the model as the family names it, and the file's tensor that fills it.
struct Param : ParamSlot {
  const TensorInfo* tensor = nullptr;
  WeightFormat format = WeightFormat::F32;  // of a weight matrix
  // The output-layer tables have one row per token and a row's scale needs only that row: converted as
  // rows arrive instead of staged (for GPT-2 small, 154 MB of F32 that is never held).
  bool row_streamed() const { return matrix && output_table && is_float(tensor->dtype); }
  bool int8() const { return tensor->dtype == "I8"; }
};

std::vector<Param> parameters(const Family& family, Model& m, const std::set<std::string>& present) {
  std::vector<Param> ps;
  for (ParamSlot& slot : family.parameters(m, present)) ps.push_back({std::move(slot)});
  return ps;
}

uint64_t count_values(const std::vector<Param>& ps) {
  uint64_t n = 0;
  for (const Param& p : ps) {
    uint64_t k = 1;
    for (int64_t d : p.shape) k *= uint64_t(d);
    n += k;
  }
  return n;
}

Expected<std::vector<float>> finite_floats(const TensorInfo& t) {
  auto values = tensor_to_float(t, kFile);
  if (!values) return values;
  for (float v : *values)
    if (!std::isfinite(v)) return fail(kFile + ": tensor '" + t.name + "' contains NaN or Inf");
  return values;
}

// Values kept as F16 must fit it (±65504): a BF16 checkpoint can hold larger ones, which would become inf.
Expected<bool> fits_f16(const Param& p, const std::vector<float>& v) {
  if (!p.matrix || p.format != WeightFormat::F16) return true;
  size_t over = 0;
  float largest = 0;
  for (float x : v)
    if (std::abs(x) > 65504.0f) ++over, largest = std::max(largest, std::abs(x));
  if (!over) return true;
  char up_to[32];
  std::snprintf(up_to, sizeof up_to, "%.6g", double(largest));
  return fail(kFile + ": tensor '" + p.tensor->name + "' has " + std::to_string(over) + " values beyond F16's range (up to " +
              up_to + "); load this model as f32");
}

// An F16 tensor kept as F16 goes in as its bits: no trip through floats (a cached copy of the engine's own
// storage loads at the speed of a copy). Non-finite halves (exponent all ones) are refused as floats would be.
bool halves_as_is(const Param& p) { return p.matrix && p.format == WeightFormat::F16 && p.tensor->dtype == "F16"; }

Expected<bool> finite_halves(const TensorInfo& t, const uint8_t* le, size_t count) {
  for (size_t i = 0; i < count; ++i)
    if ((le[2 * i + 1] & 0x7C) == 0x7C) return fail(kFile + ": tensor '" + t.name + "' contains NaN or Inf");
  return true;
}

void store_halves(const Param& p, const uint8_t* le) {
  const int64_t rows = p.shape[0], cols = p.shape[1];
  if (p.total_rows)
    for (int64_t r = 0; r < rows; ++r) p.matrix->set_row_halves(p.row_offset + int(r), le + r * cols * 2);
  else
    *p.matrix = p.rows_are_inputs ? WeightMatrix::pack_halves(le, int(cols), int(rows), true)
                                  : WeightMatrix::pack_halves(le, int(rows), int(cols), false);
}

void store(const Param& p, const float* v) {
  const int64_t rows = p.shape[0], cols = p.shape.size() > 1 ? p.shape[1] : 1;
  if (p.total_rows && p.matrix)  // rows of a fused matrix, allocated whole from the header
    for (int64_t r = 0; r < rows; ++r) p.matrix->set_row(p.row_offset + int(r), v + r * cols);
  else if (p.total_rows)
    p.vector->segment(p.row_offset, rows) = Eigen::Map<const RowVector>(v, rows);
  else if (p.matrix)
    *p.matrix = p.rows_are_inputs ? WeightMatrix::pack(v, int(cols), int(rows), true, p.format)
                                  : WeightMatrix::pack(v, int(rows), int(cols), false, p.format);
  else if (p.table)
    *p.table = Eigen::Map<const Matrix>(v, rows, cols);
  else
    *p.vector = Eigen::Map<const RowVector>(v, rows);
}

}  // namespace

struct ModelStream::State {
  Config config;
  const Family* family = nullptr;
  uint64_t file_size = kUnknownSize, max_weight_bytes = UINT64_MAX, weight_bytes = 0, compact_above_bytes = UINT64_MAX;
  std::optional<WeightFormat> storage;
  WeightFormat format = WeightFormat::F32;  // of the token embeddings: what the model "is stored as"
  std::string error;                        // set once; every later call repeats it

  uint64_t received = 0, header_len = 0;
  bool have_length = false, header_read = false, finished = false;
  std::vector<uint8_t> head;  // the 8-byte length, then the JSON header

  SafetensorsFile file;
  Model model;
  std::vector<Param> params;
  struct Piece {
    const TensorInfo* tensor;
    Param* param;  // null: a buffer (skipped) or an int8 scale (kept)
  };
  std::vector<Piece> pieces;  // the data section in file order
  size_t next = 0;            // the piece now arriving
  int next_row = 0;           // of a row-streamed piece
  std::vector<uint8_t> bytes; // the arriving piece's (or row's) bytes so far
  std::map<std::string, std::vector<uint8_t>> kept;  // int8 tensors and their scales, dequantized at the end

  uint64_t data_start() const { return 8 + header_len; }

  Expected<bool> over_budget(WeightFormat f, uint64_t params_count) const {
    const uint64_t need = params_count * weight_format_bytes(f);
    if (need <= max_weight_bytes) return true;
    return fail("config.json: this model needs " + std::to_string(need / 1000000) + " MB of memory for its " +
                weight_format_name(f) + " weights; the limit here is " + std::to_string(max_weight_bytes / 1000000) + " MB");
  }

  // Values in the model's parameters (the file's own, with an lm_head only if it has one), from the
  // family's list alone: nothing is allocated.
  uint64_t parameter_count(bool lm_head) const {
    Model shape;
    shape.config = config;
    shape.blocks.resize(config.n_layer);
    return count_values(parameters(*family, shape, lm_head ? std::set<std::string>{"lm_head.weight"} : std::set<std::string>{}));
  }
  std::string plain(const std::string& name) const { return family->plain_name(name); }
  bool buffer(const std::string& name) const { return family->is_buffer(family->plain_name(name)); }

  Expected<bool> consume(const uint8_t* p, size_t n);
  Expected<bool> read_header();
  Expected<bool> take(const Piece& piece, const uint8_t* p, size_t n);
  Expected<bool> complete(const Piece& piece);
  Expected<bool> dequantize(const Param& p);
};

Expected<bool> ModelStream::State::read_header() {
  const uint64_t data_size = file_size == kUnknownSize ? UINT64_MAX : file_size - data_start();
  auto parsed = parse_safetensors_header(reinterpret_cast<const char*>(head.data() + 8), header_len, data_size, kFile);
  if (!parsed) return fail(parsed.error());
  file = parsed.take();
  std::map<std::string, const TensorInfo*> by_name;
  std::set<std::string> present;
  for (const auto& t : file.tensors) {
    by_name[plain(t.name)] = &t;
    present.insert(plain(t.name));
  }
  model.config = config;
  model.blocks.resize(config.n_layer);
  const bool lm_head = by_name.count("lm_head.weight") > 0;
  params = parameters(*family, model, present);
  // A large F32/BF16 checkpoint (GPT-2 from the Hub) is kept at half the memory; F16 and int8 files stay as they are.
  const auto wte = by_name.find(params.front().name);  // the token embeddings, listed first
  if (!storage && wte != by_name.end() && (wte->second->dtype == "F32" || wte->second->dtype == "BF16") &&
      parameter_count(lm_head) * 4 > compact_above_bytes)
    storage = WeightFormat::F16;
  // Too big for this tab: refused from the header alone, before a weight byte arrives or anything is allocated.
  if (wte != by_name.end()) {
    const std::string& dtype = wte->second->dtype;
    const WeightFormat kept = storage ? *storage : dtype == "F16" ? WeightFormat::F16 : dtype == "I8" ? WeightFormat::Int8 : WeightFormat::F32;
    if (auto r = over_budget(kept, parameter_count(false)); !r) return r;
  }

  std::map<std::string, Param*> owner;  // tensor name -> the parameter it fills (scales: the int8 tensor's)
  for (Param& p : params) {
    auto it = by_name.find(p.name);
    if (it == by_name.end()) return fail(kFile + ": missing tensor '" + p.name + "'");
    const TensorInfo& t = *it->second;
    if (t.shape != p.shape) return fail(kFile + ": tensor '" + t.name + "' has shape " + str(t.shape) + ", expected " + str(p.shape));
    p.tensor = &t;
    owner[t.name] = &p;
    if (t.dtype == "I8") {
      // int8 weights carry one scale per output channel in "<name>_scale" (F32 or F16): value = q · scale.
      auto scale = by_name.find(p.name + "_scale");
      if (scale == by_name.end()) return fail(kFile + ": int8 tensor '" + t.name + "' has no '" + p.name + "_scale'");
      const int64_t n_scales = p.rows_are_inputs ? p.shape.back() : p.shape[0];
      if (scale->second->shape != std::vector<int64_t>{n_scales} || !is_float(scale->second->dtype))
        return fail(kFile + ": tensor '" + scale->second->name + "' has shape " + str(scale->second->shape) + " " +
                    scale->second->dtype + ", expected [" + std::to_string(n_scales) + "] F32 or F16");
      owner[scale->second->name] = nullptr;
    } else if (!is_float(t.dtype)) {
      return fail(kFile + ": tensor '" + t.name + "' has dtype " + t.dtype + "; expected F32, F16 or BF16");
    }
    if (p.matrix) p.format = storage ? *storage : t.dtype == "F16" ? WeightFormat::F16 : p.int8() ? WeightFormat::Int8 : WeightFormat::F32;
  }
  for (const auto& t : file.tensors)
    if (!owner.count(t.name) && !buffer(t.name))
      return fail(kFile + ": unexpected tensor '" + t.name + "' (not part of a " + std::to_string(config.n_layer) + "-layer " +
                  family->display_name + ")");

  format = params.front().format;  // the token embeddings'
  weight_bytes = parameter_count(lm_head) * weight_format_bytes(format);
  for (Param& p : params) {
    if (p.row_streamed()) *p.matrix = WeightMatrix::allocate(int(p.shape[0]), int(p.shape[1]), p.format);
    if (p.total_rows && p.matrix && p.matrix->rows() == 0) *p.matrix = WeightMatrix::allocate(p.total_rows, int(p.shape[1]), p.format);
    if (p.total_rows && p.vector && p.vector->size() == 0) p.vector->setZero(p.total_rows);
  }
  for (const auto& t : file.tensors) {
    auto it = owner.find(t.name);
    pieces.push_back({&t, it == owner.end() ? nullptr : it->second});
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.tensor->offset < b.tensor->offset; });
  head = {};
  header_read = true;
  return true;
}

Expected<bool> ModelStream::State::consume(const uint8_t* p, size_t n) {
  for (;;) {
    if (!header_read) {
      if (n == 0) return true;
      const size_t want = (have_length ? data_start() : 8) - head.size();
      const size_t k = std::min<size_t>(n, want);
      head.insert(head.end(), p, p + k);
      p += k, n -= k, received += k;
      if (!have_length && head.size() == 8) {
        auto len = safetensors_header_length(head.data(), file_size, kFile);
        if (!len) return fail(len.error());
        header_len = *len;
        have_length = true;
      }
      if (have_length && head.size() == data_start())
        if (auto r = read_header(); !r) return r;
      continue;
    }
    if (next == pieces.size()) {  // bytes after the last tensor are ignored, as the whole-file parser does
      received += n;
      return true;
    }
    const Piece& piece = pieces[next];
    const TensorInfo& t = *piece.tensor;
    const uint64_t at = received - data_start();
    if (at >= t.offset + t.bytes) {  // whole (an empty tensor as soon as its offset is reached)
      if (auto r = complete(piece); !r) return r;
      ++next, next_row = 0;
      continue;
    }
    if (n == 0) return true;
    const size_t k = static_cast<size_t>(std::min<uint64_t>(n, at < t.offset ? t.offset - at : t.offset + t.bytes - at));
    if (at >= t.offset)
      if (auto r = take(piece, p, k); !r) return r;
    p += k, n -= k, received += k;
  }
}

Expected<bool> ModelStream::State::take(const Piece& piece, const uint8_t* p, size_t n) {
  const Param* param = piece.param;
  if (!param) {
    if (!buffer(piece.tensor->name)) bytes.insert(bytes.end(), p, p + n);  // an int8 scale
    return true;
  }
  if (!param->row_streamed()) {
    if (bytes.empty()) bytes.reserve(piece.tensor->bytes);  // one allocation per tensor, not a chain of regrowths
    bytes.insert(bytes.end(), p, p + n);
    return true;
  }
  // Whole rows go straight from the incoming bytes into storage; a row split across pieces waits in `bytes`.
  const TensorInfo& t = *piece.tensor;
  const size_t cols = size_t(param->shape[1]), row_bytes = t.bytes / size_t(param->shape[0]);
  const auto convert = [&](const uint8_t* row) -> Expected<bool> {
    if (halves_as_is(*param)) {
      if (auto ok = finite_halves(t, row, cols); !ok) return ok;
      param->matrix->set_row_halves(next_row++, row);
      return true;
    }
    TensorInfo one{t.name, t.dtype, {int64_t(cols)}, row, 0, row_bytes};
    auto values = finite_floats(one);
    if (!values) return fail(values.error());
    if (auto ok = fits_f16(*param, *values); !ok) return ok;
    param->matrix->set_row(next_row++, values->data());
    return true;
  };
  if (!bytes.empty()) {
    const size_t k = std::min(n, row_bytes - bytes.size());
    bytes.insert(bytes.end(), p, p + k);
    p += k, n -= k;
    if (bytes.size() < row_bytes) return true;
    if (auto r = convert(bytes.data()); !r) return r;
    bytes.clear();
  }
  for (; n >= row_bytes; p += row_bytes, n -= row_bytes)
    if (auto r = convert(p); !r) return r;
  bytes.assign(p, p + n);
  return true;
}

Expected<bool> ModelStream::State::complete(const Piece& piece) {
  const Param* param = piece.param;
  if (param && !param->row_streamed() && halves_as_is(*param)) {
    if (auto ok = finite_halves(*piece.tensor, bytes.data(), bytes.size() / 2); !ok) return ok;
    store_halves(*param, bytes.data());
  } else if (param && !param->row_streamed() && !param->int8()) {
    TensorInfo whole = *piece.tensor;
    whole.data = bytes.data();
    auto values = finite_floats(whole);
    if (!values) return fail(values.error());
    if (auto ok = fits_f16(*param, *values); !ok) return ok;
    store(*param, values->data());
  } else if ((param && param->int8()) || (!param && !buffer(piece.tensor->name))) {
    kept[piece.tensor->name] = std::move(bytes);
  }
  bytes.clear();
  return true;
}

Expected<bool> ModelStream::State::dequantize(const Param& p) {
  const TensorInfo& t = *p.tensor;
  const std::string scale_name = t.name + "_scale";
  const TensorInfo* scale_info = nullptr;
  for (const auto& s : file.tensors)
    if (s.name == scale_name) scale_info = &s;
  TensorInfo scale = *scale_info;
  scale.data = kept[scale_name].data();
  auto scales = finite_floats(scale);
  if (!scales) return fail(scales.error());
  const uint8_t* q = kept[t.name].data();
  const size_t rows = size_t(t.shape[0]), cols = size_t(t.numel()) / std::max<size_t>(1, rows);
  std::vector<float> values(size_t(t.numel()));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<int8_t>(q[i]) * (*scales)[p.rows_are_inputs ? i % cols : i / cols];
  store(p, values.data());
  kept.erase(t.name);
  return true;
}

Expected<ModelStream> ModelStream::begin(std::string_view config_json, const Options& options) {
  auto config = parse_config(config_json);
  if (!config) return fail(config.error());
  auto s = std::make_unique<State>();
  s->config = *config;
  s->family = find_family(config->family);
  s->file_size = options.file_size;
  s->max_weight_bytes = options.max_weight_bytes;
  s->storage = options.storage;
  s->compact_above_bytes = options.compact_above_bytes;
  if (s->storage)
    if (auto r = s->over_budget(*s->storage, s->parameter_count(false)); !r) return fail(r.error());
  return ModelStream(std::move(s));
}

Expected<bool> ModelStream::feed(const uint8_t* data, size_t size) {
  State& s = *s_;
  if (s.finished && s.error.empty()) s.error = kFile + ": the model was already built from this stream";
  if (!s.error.empty()) return fail(s.error);
  auto r = s.consume(data, size);
  if (!r) {
    s.error = r.error();
    s.model = Model();  // give the memory back at once: a failed load must not hold hundreds of MB
    s.kept.clear();
    s.bytes = {};
  }
  return r;
}

Expected<Model> ModelStream::finish() {
  State& s = *s_;
  if (auto r = feed(nullptr, 0); !r) return fail(r.error());  // also completes trailing empty tensors
  const auto refuse = [&](const std::string& e) -> Expected<Model> {
    s.error = e;
    s.model = Model();
    return fail(e);
  };
  if (!s.header_read) {
    if (s.received < 8) return refuse(kFile + ": too short for a safetensors header (" + std::to_string(s.received) + " bytes)");
    return refuse(kFile + ": header length " + std::to_string(s.header_len) + " does not fit in the file (" +
                  std::to_string(s.received) + " bytes)");
  }
  if (s.next < s.pieces.size()) {
    const TensorInfo& t = *s.pieces[s.next].tensor;
    return refuse(kFile + ": tensor '" + t.name + "' data [" + std::to_string(t.offset) + ", " + std::to_string(t.offset + t.bytes) +
                  ") lies outside the " + std::to_string(s.received - s.data_start()) + "-byte data section");
  }
  for (const Param& p : s.params)
    if (p.int8())
      if (auto r = s.dequantize(p); !r) return refuse(r.error());
  // A stored lm_head equal to wte is the tied output layer (distilgpt2 stores it so): keep one copy.
  if (s.model.lm_head.rows() && s.model.lm_head.same_values(s.model.tok_embed)) s.model.lm_head = WeightMatrix();
  s.model.set_norm_kinds();
  s.finished = true;
  return std::move(s.model);
}

uint64_t ModelStream::received() const { return s_->received; }
bool ModelStream::header_read() const { return s_->header_read; }
const Config& ModelStream::config() const { return s_->config; }
uint64_t ModelStream::file_size() const {
  if (!s_->header_read) return 0;
  uint64_t end = 0;
  for (const auto& t : s_->file.tensors) end = std::max<uint64_t>(end, t.offset + t.bytes);
  return s_->data_start() + end;
}
WeightFormat ModelStream::storage() const { return s_->format; }
uint64_t ModelStream::weight_bytes() const { return s_->weight_bytes; }

ModelStream::ModelStream(std::unique_ptr<State> state) : s_(std::move(state)) {}
ModelStream::ModelStream(ModelStream&&) noexcept = default;
ModelStream& ModelStream::operator=(ModelStream&&) noexcept = default;
ModelStream::~ModelStream() = default;

}  // namespace attn
