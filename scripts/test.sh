#!/usr/bin/env bash
# The test command: installs what is missing, builds the WebAssembly targets (the page and the wasm
# CLI) and the native ones, then runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[test]\033[0m %s\n' "$*"; }
JOBS=$(nproc)

bash scripts/setup.sh
bash scripts/build_web.sh

say "building natively (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=ON \
  -DATTN_WASM_CLI="$PWD/build/wasm/attn.js" -DATTN_WEB_BUILD="$PWD/build/web" >/dev/null
cmake --build build/native -j"$JOBS"

say "running the tests"
ctest --test-dir build/native --output-on-failure -j"$JOBS"
