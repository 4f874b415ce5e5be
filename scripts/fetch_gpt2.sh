#!/usr/bin/env bash
# For readers with internet: downloads OpenAI's GPT-2 124M (config.json + model.safetensors) from its
# public Hugging Face repository and converts it for the web into weights/gpt2/ (F16, about 250 MB;
# pass int8 for about 125 MB). Then rebuild/serve with scripts/run.sh and open ?model=gpt2.
#   usage: scripts/fetch_gpt2.sh [f16|int8]
set -euo pipefail
cd "$(dirname "$0")/.."
DTYPE=${1:-f16}
SOURCE="https://huggingface.co/openai-community/gpt2/resolve/main"
RAW=build/gpt2-download
mkdir -p "$RAW"
for f in config.json model.safetensors; do
  if [ ! -s "$RAW/$f" ]; then
    echo "[gpt2] downloading $f"
    curl -fL --retry 3 --progress-bar -o "$RAW/$f.part" "$SOURCE/$f"
    mv "$RAW/$f.part" "$RAW/$f"
  fi
done
[ -x build/native/attn ] || bash scripts/test.sh >/dev/null  # builds the attn CLI
echo "[gpt2] converting to $DTYPE for the web (weights/gpt2)"
build/native/attn convert --model "$RAW" --out weights/gpt2 --dtype "$DTYPE"
echo "[gpt2] done: weights/gpt2 ($(du -sh weights/gpt2 | cut -f1)). Try: build/native/attn generate --model weights/gpt2 --prompt 'Hello'"
