#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (what CI runs); then the CLI-only
# build with the optional parts OFF and its quick check (about 2 minutes more with ccache: the core
# objects come from the first build, see scripts/cli-only-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
bash scripts/cli-only-check.sh
