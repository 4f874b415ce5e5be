#!/usr/bin/env bash
# The test command: installs what is missing, builds natively (and the WebAssembly CLI for the
# native/wasm parity test), then runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[test]\033[0m %s\n' "$*"; }
JOBS=$(nproc)
export NODE_PATH=/usr/share/nodejs  # emcc needs Debian's acorn & co.

bash scripts/setup.sh

say "building the WebAssembly CLI (build/wasm-cli)"
emcmake cmake -S . -B build/wasm-cli -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=OFF >/dev/null
cmake --build build/wasm-cli --target attn -j"$JOBS"

say "building natively (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=ON \
  -DATTN_WASM_CLI="$PWD/build/wasm-cli/attn.js" >/dev/null
cmake --build build/native -j"$JOBS"

say "running the tests"
ctest --test-dir build/native --output-on-failure -j"$JOBS"
