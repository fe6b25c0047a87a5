#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (what CI runs).
#
# FLIPBENCH_CLI_ONLY_CHECK=1 also runs scripts/cli-only-check.sh: the CLI-only build with the
# optional parts OFF (what a CUDA server builds) and its quick check. It is not on by default
# because it compiles the core a second time: ccache cannot share objects between the two build
# folders, whose precompiled headers differ, so it costs about 8 minutes on 2 cores, which CI's
# 40-minute budget (about 30 used) does not have.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
if [ "${FLIPBENCH_CLI_ONLY_CHECK:-0}" = 1 ]; then
  bash scripts/cli-only-check.sh
fi
