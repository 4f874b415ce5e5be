#!/usr/bin/env bash
# Trains four default-model candidates side by side on one GPU for MINUTES each, then measures every one
# (best-by-validation and final weights) with measure_default_model.py: the figures go to OUT_DIR/candidates.json,
# the training logs to OUT_DIR/train.log. ROUND=2 continues three candidates of a first round, whose OUT_DIR
# (final.pt files) must be at build/cand1. The chosen candidate is exported here: copy its .pt to
# build/train/checkpoint.pt and run `train_default_model.py --export-only` (docs/default-model.md).
# Needs build/train/{train,val}.bin and data.json from train_default_model.py's prepare(). Step counts depend on
# how the four processes share the GPU, so a rerun trains the same way but not to the same step.
# ROUND=waves trains four from scratch for the next attempt at a sharp previous-token head (docs/default-model.md, "The default
# model"): the shipped recipe with sin/cos waves added to the position table at two strengths, one without dropout
# at batch 256, and the shipped recipe unchanged as the control (run it with MINUTES 10).
# usage: scripts/train_candidates.sh OUT_DIR [MINUTES]      (the shipped model: round 1 at 6, ROUND=2 at 4.5)
#        DEVICE=cpu scripts/train_candidates.sh ...        (a smoke run without a GPU)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/train_candidates.sh OUT_DIR [MINUTES]}
minutes=${2:-6}
device=${DEVICE:-cuda}
export PYTHONUNBUFFERED=1
train() {  # NAME ARGS...
  local name=$1; shift
  echo "[candidates] $name: $*"
  python3 scripts/train_on_accelerator.py --out "$out/$name" --minutes "$minutes" --device "$device" "$@" > "$out/$name.log" 2>&1 &
}
mkdir -p "$out"
if [ "${ROUND:-1}" = waves ]; then
  train waves04 --batch 128 --lr 2e-3 --warmup 300 --dropout 0.05 --sharp-positions --position-waves 0.4 --seed 7
  train waves08 --batch 128 --lr 2e-3 --warmup 300 --dropout 0.05 --sharp-positions --position-waves 0.8 --seed 7
  train waves04_b256 --batch 256 --lr 2e-3 --warmup 300 --dropout 0 --sharp-positions --position-waves 0.4 --seed 8
  train control --batch 128 --lr 2e-3 --warmup 300 --dropout 0.05 --sharp-positions --seed 7
elif [ "${ROUND:-1}" = 2 ]; then
  train cont_b128 --init-from build/cand1/scratch_b128/final.pt --batch 128 --lr 1e-3 --warmup 100 --dropout 0.05 --sharp-positions --seed 11
  train cont_b256 --init-from build/cand1/scratch_b128/final.pt --batch 256 --lr 1e-3 --warmup 100 --dropout 0 --sharp-positions --seed 12
  train cont_scratch --init-from build/cand1/scratch/final.pt --lr 8e-4 --warmup 100 --dropout 0.1 --sharp-positions --seed 13
  train cont_nodrop --init-from build/cand1/scratch_nodrop/final.pt --batch 128 --lr 1e-3 --warmup 100 --dropout 0 --sharp-positions --seed 14
else
  # warm: from the model shipped at the time (for this model, the one before it)
  train warm --init-from weights/default/model.safetensors --lr 6e-4 --warmup 100 --dropout 0.1 --sharp-positions
  train scratch --lr 1.5e-3 --warmup 300 --dropout 0.1 --sharp-positions
  train scratch_nodrop --lr 1.5e-3 --warmup 300 --dropout 0 --sharp-positions
  train scratch_b128 --batch 128 --lr 2e-3 --warmup 300 --dropout 0.05 --sharp-positions --seed 7
fi
wait
for f in "$out"/*.log; do tail -n 3 "$f"; done
for f in "$out"/*.log; do [ "$f" = "$out/train.log" ] || { cat "$f" >> "$out/train.log"; rm "$f"; }; done
python3 scripts/measure_default_model.py "$out"/*/best.pt "$out"/*/final.pt --device "$device" --json-out "$out/candidates.json"
