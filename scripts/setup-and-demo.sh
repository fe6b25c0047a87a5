#!/usr/bin/env bash
# Installs what is needed, builds, and starts the main job: the Flipbench workbench window. On a
# first start its welcome page creates demo data and opens a ready plan (three clicks to a running
# training). Without a display (a server, CI) it runs the command-line demo instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/flipbench ]; then
  exec build/app/flipbench "$@"
fi
echo "setup-and-demo: no display; running the command-line demo instead (build/app/flipbench opens the window)" >&2
exec bash scripts/demo.sh
