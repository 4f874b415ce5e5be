#!/usr/bin/env bash
# Starts (or resumes) the default model's training in the background at low priority; the log goes to
# build/train/train.log. Run it again after an interruption: it continues from the last checkpoint (whose own
# settings win over the arguments). Arguments go to train_default_model.py; without any, a warm start.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/train
# The warm start reads a copy of the shipped model, since the export at the end overwrites weights/default.
[ -f build/train/init.safetensors ] || cp weights/default/model.safetensors build/train/init.safetensors
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--steps 5000 --lr 6e-4 --warmup 100 --init-from build/train/init.safetensors)
export OPENBLAS_NUM_THREADS=1  # torch's own 2 threads; two thread pools would fight (see TOOLCHAIN notes)
nohup nice -n 19 /usr/bin/python3 scripts/train_default_model.py "${args[@]}" >> build/train/train.log 2>&1 &
echo "[train] running in the background (pid $!): train_default_model.py ${args[*]}; log: build/train/train.log"
