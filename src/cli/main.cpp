// attn: the engine from the command line. Errors print one line starting "error:" and exit 2.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"

namespace {

const char* kUsage =
    "usage: attn <command> [options]\n"
    "  tokenize --text T | --stdin [--model DIR]       ids and tokens as JSON\n"
    "  generate --model DIR --prompt T --tokens N      continue a prompt\n"
    "           [--temperature X --top-k K --top-p P --seed S --json]\n"
    "  trace    --model DIR --text T [--layer L --head H] [--weights f32|f16|int8]   attention weights and logits\n"
    "  bench    --model DIR [--prompt-tokens N | --prompt-ids I,J,..] [--decode-tokens N] [--weights f32|f16|int8]\n"
    "           [--trace-tokens N]   prefill/decode tokens per second, greedy ids, full-trace time\n"
    "  heads    --model DIR --text T [--top N] [--induction]   the heads with the clearest patterns\n"
    "  ablate   --model DIR --text T --heads L.H[,L.H..] [--mode zero|mean]   next tokens without those heads\n"
    "  lens     --model DIR --text T [--top N]          the logit lens at every layer boundary\n"
    "  attribute --model DIR --text T [--token ID] [--versus ID]   each part's share of a next-token logit\n"
    "  fill     --model BERT_DIR --text \"... [MASK] ...\" [--top K] [--weights ...]   an encoder's guesses per [MASK]\n"
    "  convert  --model DIR --out DIR --dtype f16|int8|f32 [--text T]   web-ready copy + accuracy report\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace attn::cli;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const Argv rest(argv + 2, argv + argc);
  attn::Expected<int> result = attn::fail("unknown command '" + command + "' (try attn --help)");
  if (command == "tokenize") result = cmd_tokenize(rest);
  else if (command == "generate") result = cmd_generate(rest);
  else if (command == "trace") result = cmd_trace(rest);
  else if (command == "bench") result = cmd_bench(rest);
  else if (command == "convert") result = cmd_convert(rest);
  else if (command == "heads") result = cmd_heads(rest);
  else if (command == "ablate") result = cmd_ablate(rest);
  else if (command == "lens") result = cmd_lens(rest);
  else if (command == "attribute") result = cmd_attribute(rest);
  else if (command == "fill") result = cmd_fill(rest);
  if (!result) {
    std::fprintf(stderr, "error: %s\n", result.error().c_str());
    return 2;
  }
  return *result;
}
