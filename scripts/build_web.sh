#!/usr/bin/env bash
# Builds the WebAssembly targets in build/wasm: the page (into build/web/) and the attn CLI (attn.js).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # emcc needs Debian's acorn & co.
printf '\033[1m[build]\033[0m %s\n' "WebAssembly build (build/wasm -> build/web)"
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=ON >/dev/null  # tests: the wasm kernel tests
cmake --build build/wasm -j"$(nproc)"
