// Shared helpers for the engine tests: where the data lives, loading the reference model and its outputs.
#pragma once
#include "run/trace.h"
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/model_dir.h"

namespace attn::test {

std::string data_dir();       // tests/data (committed)
std::string reference_dir();  // build/.../reference (made by scripts/make_reference_model.py)

const Tokenizer& gpt2_tokenizer();                   // full GPT-2 tokenizer
const nlohmann::json& reference();                   // reference.json, parsed once
const LoadedModel& reference_model(const std::string& variant);  // "f32", "f16", "bf16"

// Largest |a - b| over two equally long sequences.
double max_abs_diff(const std::vector<float>& a, const std::vector<double>& b);
// A trace's fields laid out flat for comparisons: "weights" (L, NH, T, T), "q" (L, T, NH·HS), "k", "v"
// (L, T, KVH·HS), "concat", "attn_out", "residual" (L+1, T, C) and "logits" (V).
std::map<std::string, std::vector<float>> trace_fields(const Trace& trace);
// Every number of a nested JSON array, in order.
std::vector<double> flatten(const nlohmann::json& j);

// The streaming loader's error for a file fed in random pieces (seeded) of 1 byte to a few KB, its length
// unknown, as a page sees a download; "" when it loads.
std::vector<std::string> random_pieces(const std::string& file, unsigned seed);
std::string stream_error(const std::string& config, const std::string& file, unsigned seed);

// A safetensors file built from a header text and a data section, for crafting bad files.
std::string safetensors_bytes(const std::string& header, const std::string& data);

}  // namespace attn::test
