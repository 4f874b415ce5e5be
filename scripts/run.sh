#!/usr/bin/env bash
# The main job: install what is missing, build the page, serve it on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build_web.sh
printf '\033[1m[run]\033[0m %s\n' "open http://127.0.0.1:${PORT:-8000}/ (model: weights/default; ?model=NAME or ?model=URL for others)"
exec /usr/bin/python3 scripts/serve.py build/web --port "${PORT:-8000}"
