#!/usr/bin/env bash
# The speed benchmark (not part of the tests): builds what it needs, then bench/run.mjs measures this
# engine (WebAssembly in node, and native) against onnxruntime-web on the same weights and prints a table.
# Results: build/bench/results.json. First run ~10 min (writes a GPT-2-small-shaped checkpoint, its
# f16/int8 copies and ONNX export under build/bench/); later runs reuse them.
#   usage: scripts/bench.sh [--quick] [--repeat N]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }

bash scripts/setup.sh
bash scripts/build_web.sh
say "building the native CLI (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$(nproc)" --target attn >/dev/null
say "running bench/run.mjs $*"
node bench/run.mjs "$@"
say "GPT-2 from the Hub (local stand-in): bench/hub.mjs"
node bench/hub.mjs
say "the targets, figure by figure: bench/targets.mjs"
node bench/targets.mjs
