// The model families the engine reads, one line each in registry.cpp, and config.json dispatched by its
// model_type to the family that reads it.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "families/family.h"

namespace attn {

const std::vector<const Family*>& families();
const Family* find_family(const std::string& name);  // by Config::family; null if none

// The optional tensors a loaded model has, as the families' parameters() ask for them (`present`): an untied
// output layer, BERT's masked-LM head. Writing a model back out lists exactly what it holds.
std::set<std::string> optional_tensors(const Model& model);

}  // namespace attn
