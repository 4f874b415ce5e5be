// The attn subcommands. Each returns 0 on success; on failure an Error whose message main prints.
#pragma once
#include <string>
#include <vector>

#include "expected.h"

namespace attn::cli {

using Argv = std::vector<std::string>;

Expected<int> cmd_tokenize(const Argv& argv);  // --text T | --stdin [--model DIR]
Expected<int> cmd_generate(const Argv& argv);  // --model DIR --prompt T --tokens N [sampling] [--json]
Expected<int> cmd_trace(const Argv& argv);     // --model DIR --text T [--layer L --head H]
Expected<int> cmd_bench(const Argv& argv);     // --model DIR [--prompt-tokens N --decode-tokens N]
Expected<int> cmd_heads(const Argv& argv);     // --model DIR --text T [--top N]
Expected<int> cmd_convert(const Argv& argv);   // --model DIR --out DIR --dtype f32|f16|int8 [--text T]
Expected<int> cmd_ablate(const Argv& argv);    // --model DIR --text T --heads L.H[,L.H...] [--mode zero|mean]
Expected<int> cmd_lens(const Argv& argv);      // --model DIR --text T [--top N]
Expected<int> cmd_attribute(const Argv& argv); // --model DIR --text T [--token ID] [--versus ID]
Expected<int> cmd_fill(const Argv& argv);      // --model BERT_DIR --text "... [MASK] ..." [--top K]

}  // namespace attn::cli
