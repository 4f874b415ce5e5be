#!/usr/bin/env bash
# Trains four default-model candidates side by side on one GPU for MINUTES each, then measures every one
# (best-by-validation and final weights) with measure_default_model.py. Used once on a lent GPU machine; the
# chosen candidate is exported here with `train_default_model.py --export-only` (see README, "Default model").
# Needs build/train/{train,val}.bin and data.json from train_default_model.py's prepare().
# usage: scripts/train_candidates.sh OUT_DIR [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/train_candidates.sh OUT_DIR [MINUTES]}
minutes=${2:-6}
export PYTHONUNBUFFERED=1
train() {  # NAME ARGS...
  local name=$1; shift
  echo "[candidates] $name: $*"
  python3 scripts/train_on_accelerator.py --out "$out/$name" --minutes "$minutes" "$@" > "$out/$name.log" 2>&1 &
}
mkdir -p "$out"
if [ "${ROUND:-1}" = 2 ]; then  # continue the first round's best three (build/cand1, carried)
  train cont_b128 --init-from build/cand1/scratch_b128/final.pt --batch 128 --lr 1e-3 --warmup 100 --dropout 0.05 --sharp-positions --seed 11
  train cont_b256 --init-from build/cand1/scratch_b128/final.pt --batch 256 --lr 1e-3 --warmup 100 --dropout 0 --sharp-positions --seed 12
  train cont_scratch --init-from build/cand1/scratch/final.pt --lr 8e-4 --warmup 100 --dropout 0.1 --sharp-positions --seed 13
  train cont_nodrop --init-from build/cand1/scratch_nodrop/final.pt --batch 128 --lr 1e-3 --warmup 100 --dropout 0 --sharp-positions --seed 14
else
train warm --init-from weights/default/model.safetensors --lr 6e-4 --warmup 100 --dropout 0.1 --sharp-positions
train scratch --lr 1.5e-3 --warmup 300 --dropout 0.1 --sharp-positions
train scratch_nodrop --lr 1.5e-3 --warmup 300 --dropout 0 --sharp-positions
train scratch_b128 --batch 128 --lr 2e-3 --warmup 300 --dropout 0.05 --sharp-positions --seed 7
fi
wait
for f in "$out"/*.log; do tail -n 3 "$f"; rm "$f"; done
python3 scripts/measure_default_model.py "$out"/*/best.pt "$out"/*/final.pt --device cuda
