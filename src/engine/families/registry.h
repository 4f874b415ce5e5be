// The model families the engine reads, one line each in registry.cpp, and config.json dispatched by its
// model_type to the family that reads it.
#pragma once
#include <string>
#include <vector>

#include "families/family.h"

namespace attn {

const std::vector<const Family*>& families();
const Family* find_family(const std::string& name);  // by Config::family; null if none

}  // namespace attn
