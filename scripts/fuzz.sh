#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build/fuzz and runs each for SECONDS (default 30)
# from the seed corpora in tests/fuzz/corpus; prints executions and crashes per target and a closing
# "N passed, N failed" line. A long run to a fixed count: scripts/fuzz.sh --runs 10000000 (resumes from the
# corpora in build/fuzz/corpus-*, which keep growing between runs). FUZZ_TARGETS="wordpiece config" runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="$2" -max_total_time=0); what="$2 executions"
else
  SECONDS_PER_TARGET=${1:-30}; limit=(-max_total_time="$SECONDS_PER_TARGET"); what="${SECONDS_PER_TARGET}s"
fi
say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
say "building fuzz targets (build/fuzz, clang-14, ASan+UBSan+libFuzzer)"
cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DATTN_FUZZ=ON \
  -DATTN_BUILD_UI=OFF -DATTN_BUILD_TESTS=OFF >/dev/null
cmake --build build/fuzz -j"$(nproc)" >/dev/null
passed=0 failed=0
for target in ${FUZZ_TARGETS:-tokenizer tokenizer_json wordpiece safetensors model_stream config lesson url}; do
  work=build/fuzz/corpus-$target
  mkdir -p "$work" build/fuzz/crashes
  log=build/fuzz/$target.log
  if build/fuzz/tests/fuzz/fuzz_$target "$work" tests/fuzz/corpus/$target "${limit[@]}" \
       -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$target- \
       >"$log" 2>&1; then
    passed=$((passed + 1)); verdict=ok
  else
    failed=$((failed + 1)); verdict="CRASH (see $log and build/fuzz/crashes/)"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o '[0-9]* second' | grep -o '[0-9]*' || echo "?")
  edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  say "$target: $runs executions, $edges edges ($what asked, ${secs}s): $verdict"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
