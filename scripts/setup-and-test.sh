#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (what CI runs).
#
# Then scripts/cli-only-check.sh: the CLI-only build with the optional parts OFF (what a CUDA server
# builds, LibTorch and nlohmann_json only) and its quick check, so CI keeps that build compiling.
# It compiles the core a second time (ccache cannot share objects between the two build folders,
# whose precompiled headers differ): about 8 minutes on 2 cores, beside the 19 the rest takes, in
# CI's 40-minute budget. FLIPBENCH_CLI_ONLY_CHECK=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
if [ "${FLIPBENCH_CLI_ONLY_CHECK:-1}" = 1 ]; then
  bash scripts/cli-only-check.sh
fi
