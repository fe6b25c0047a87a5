#!/usr/bin/env bash
# Installs what is needed, builds, and runs the main job. Until the GUI lands that is the CLI demo:
# generate the demo data set, train two small_cnn runs that differ only in their seed, and show
# how many test samples the second one breaks (negative flips).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec bash scripts/demo.sh "$@"
