// What a model family says about its checkpoints: how its config.json reads into the neutral Config, and
// which tensors fill which fields of the neutral Model. The loader (loading/) and the registry read this;
// nothing that runs the model does. Adding a family is one folder that fills a Family, plus one registry line.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <vector>

#include "expected.h"
#include "model/model.h"

namespace attn {

// One tensor of a checkpoint and the field of the model it fills (exactly one of matrix, table, vector).
struct ParamSlot {
  std::string name;                // as the family names it, without any prefix plain_name() strips
  std::vector<int64_t> shape;      // as stored in the file
  WeightMatrix* matrix = nullptr;  // weight matrices, kept (out, in) for y = W·x
  bool rows_are_inputs = false;    // stored (in, out) (HF's Conv1D): transposed on the way in
  Matrix* table = nullptr;         // position tables
  RowVector* vector = nullptr;     // biases and norms
  bool output_table = false;       // one row per token (embeddings, output layer): converted row by row
  // Part of a fused field: this tensor's rows (or values) go to [row_offset, row_offset + shape[0]) of a
  // matrix (or vector) of total_rows, as separate q, k, v projections fill the one stacked qkv.
  int row_offset = 0, total_rows = 0;
};

struct Family {
  const char* name;          // "gpt2": Config::family, the CLI's "family"
  const char* display_name;  // "GPT-2": in messages
  std::vector<std::string> model_types;  // config.json model_type values it reads ("" = a config without one)
  Expected<Config> (*parse_config)(const nlohmann::json& config, const std::string& label);
  // A tensor's name as parameters() spells it (e.g. without "transformer."), and the non-parameter
  // tensors a checkpoint may carry (mask buffers), skipped as they stream past.
  std::string (*plain_name)(const std::string& tensor);
  bool (*is_buffer)(const std::string& plain);
  // Every parameter, in the order the checks report them, pointing into `model` (its config set and its
  // blocks sized). `present`: the plain names the file holds, for optional tensors (an untied lm_head).
  std::vector<ParamSlot> (*parameters)(Model& model, const std::set<std::string>& present);
};

}  // namespace attn
