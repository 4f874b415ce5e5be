#!/usr/bin/env bash
# The test command: installs what is missing, builds the WebAssembly targets (the page and the wasm
# CLI), runs the suite under AddressSanitizer + UBSan and a short fuzz smoke, then builds natively and
# runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[test]\033[0m %s\n' "$*"; }
JOBS=$(nproc)

bash scripts/setup.sh
bash scripts/build_web.sh

say "AddressSanitizer + UndefinedBehaviorSanitizer build of the suite (build/asan)"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTN_SANITIZE=ON -DATTN_BUILD_UI=OFF >/dev/null
cmake --build build/asan -j"$JOBS" >/dev/null
# The 550 MB conversion test and the shipped model's held-out loss (100 s under ASan, 12 s plain) are left to
# the plain build: under ASan they only repeat code the other tests run, slowly.
ctest --test-dir build/asan --output-on-failure -j"$JOBS" -E '^convert$|held-out loss'

say "fuzz smoke: each libFuzzer target for 15 s (scripts/fuzz.sh 600 for the long run)"
bash scripts/fuzz.sh 15

say "building natively (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_TESTS=ON \
  -DATTN_WASM_CLI="$PWD/build/wasm/attn.js" -DATTN_WEB_BUILD="$PWD/build/web" >/dev/null
cmake --build build/native -j"$JOBS"

say "running the tests"
ctest --test-dir build/native --output-on-failure -j"$JOBS"
