#include "io/safetensors.h"
#include "compute/half.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

namespace attn {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100u << 20;  // the format's own limit is 100 MB

int dtype_size(const std::string& dtype) {
  static const std::pair<const char*, int> kSizes[] = {
      {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
      {"I8", 1},  {"U64", 8}, {"U32", 4}, {"U16", 2},  {"U8", 1},  {"BOOL", 1}, {"F8_E4M3", 1}, {"F8_E5M2", 1}};
  for (const auto& [name, size] : kSizes)
    if (dtype == name) return size;
  return 0;
}

}  // namespace

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

Expected<uint64_t> safetensors_header_length(const uint8_t* first8, uint64_t file_size, const std::string& label) {
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | first8[i];
  if (header_len > kMaxHeaderBytes || (file_size != UINT64_MAX && header_len > file_size - 8))
    return fail(label + ": header length " + std::to_string(header_len) + " does not fit in the file (" +
                (file_size != UINT64_MAX ? std::to_string(file_size) + " bytes)" : "the format's limit is 100 MB)"));
  return header_len;
}

Expected<SafetensorsFile> parse_safetensors_header(const char* header, size_t header_len, uint64_t data_size,
                                                   const std::string& label) {
  // JSON keeps the last of duplicate keys silently; a file naming a tensor twice is rejected instead.
  std::string duplicate;
  std::set<std::string> names;
  const nlohmann::json::parser_callback_t check_names = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1 && parsed.is_string() &&
        !names.insert(parsed.get<std::string>()).second && duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  const auto json = nlohmann::json::parse(header, header + header_len, check_names, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail(label + ": header is not a JSON object");
  if (!duplicate.empty()) return fail(label + ": tensor '" + duplicate + "' appears twice in the header");

  SafetensorsFile file;
  for (const auto& [name, entry] : json.items()) {
    if (name == "__metadata__") continue;
    const std::string where = label + ": tensor '" + name + "'";
    if (!entry.is_object()) return fail(where + " is not an object");
    auto dtype = entry.find("dtype"), shape = entry.find("shape"), offsets = entry.find("data_offsets");
    if (dtype == entry.end() || !dtype->is_string()) return fail(where + " has no dtype");
    TensorInfo t;
    t.name = name;
    t.dtype = dtype->get<std::string>();
    const int esize = dtype_size(t.dtype);
    if (esize == 0) return fail(where + " has unknown dtype '" + t.dtype + "'");
    if (shape == entry.end() || !shape->is_array() || shape->size() > 8) return fail(where + " has no valid shape");
    uint64_t numel = 1;
    for (const auto& d : *shape) {
      if (!d.is_number_unsigned()) return fail(where + " has a negative or non-integer dimension");
      const uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && numel > (uint64_t{1} << 40) / dim) return fail(where + " is absurdly large");
      numel *= dim;
      t.shape.push_back(static_cast<int64_t>(dim));
    }
    if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
        !(*offsets)[1].is_number_unsigned())
      return fail(where + " has no valid data_offsets");
    const uint64_t begin = (*offsets)[0].get<uint64_t>(), end = (*offsets)[1].get<uint64_t>();
    if (begin > end || end > data_size)
      return fail(where + " data [" + std::to_string(begin) + ", " + std::to_string(end) + ") lies outside the " +
                  std::to_string(data_size) + "-byte data section");
    if (end - begin != numel * esize)
      return fail(where + " has " + std::to_string(end - begin) + " bytes but its shape needs " +
                  std::to_string(numel * esize));
    t.offset = begin;
    t.bytes = end - begin;
    file.tensors.push_back(std::move(t));
  }
  // Overlap check: sorted by start, each tensor must end before the next begins.
  std::vector<const TensorInfo*> order;
  for (const auto& t : file.tensors) order.push_back(&t);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
  for (size_t i = 1; i < order.size(); ++i)
    if (order[i - 1]->offset + order[i - 1]->bytes > order[i]->offset)
      return fail(label + ": tensors '" + order[i - 1]->name + "' and '" + order[i]->name + "' overlap");
  return file;
}

Expected<SafetensorsFile> parse_safetensors(const uint8_t* data, size_t size, const std::string& label) {
  if (size < 8) return fail(label + ": too short for a safetensors header (" + std::to_string(size) + " bytes)");
  auto header_len = safetensors_header_length(data, size, label);
  if (!header_len) return fail(header_len.error());
  auto file = parse_safetensors_header(reinterpret_cast<const char*>(data + 8), *header_len, size - 8 - *header_len, label);
  if (!file) return file;
  for (auto& t : file->tensors) t.data = data + 8 + *header_len + t.offset;
  return file;
}

std::string safetensors_header(const std::vector<TensorLayout>& tensors, const std::string& format_note) {
  nlohmann::ordered_json header;
  size_t offset = 0;
  for (const auto& t : tensors) {
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes}}};
    offset += t.bytes;
  }
  header["__metadata__"] = {{"format", "pt"}, {"written_by", format_note}};
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((static_cast<uint64_t>(text.size()) >> (8 * i)) & 0xFF);
  return out + text;
}

std::string write_safetensors(const std::vector<TensorBytes>& tensors, const std::string& format_note) {
  std::vector<TensorLayout> layout;
  size_t total = 0;
  for (const auto& t : tensors) layout.push_back({t.name, t.dtype, t.shape, t.bytes.size()}), total += t.bytes.size();
  std::string out = safetensors_header(layout, format_note);
  out.reserve(out.size() + total);
  for (const auto& t : tensors) out += t.bytes;
  return out;
}

Expected<std::vector<float>> tensor_to_float(const TensorInfo& t, const std::string& label) {
  const size_t n = static_cast<size_t>(t.numel());
  std::vector<float> out(n);
  if (t.dtype == "F32") {
    std::memcpy(out.data(), t.data, n * 4);
  } else if (t.dtype == "F16" || t.dtype == "BF16") {
    const bool half = t.dtype == "F16";
    for (size_t i = 0; i < n; ++i) {
      const uint16_t v = static_cast<uint16_t>(t.data[2 * i] | (t.data[2 * i + 1] << 8));
      out[i] = half ? half_to_float(v) : bf16_to_float(v);
    }
  } else {
    return fail(label + ": tensor '" + t.name + "' has dtype " + t.dtype + "; expected F32, F16 or BF16");
  }
  return out;
}

}  // namespace attn

