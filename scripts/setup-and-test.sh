#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (what CI runs).
#
# Then scripts/package-check.sh: the Debian package built from build/, installed with apt-get and
# used (demo data, training, compare, check, the PDF report). Then scripts/sanitizer-check.sh: the
# CLI-only build with the optional parts OFF (what a CUDA server builds, LibTorch and nlohmann_json
# only), compiled with ASan + UBSan, its quick check, the
# core suites and the hostile-input corpus under the sanitizers. It compiles the core a second time
# (ccache shares no objects between the two build folders, whose flags differ), in CI's 40-minute
# budget. FLIPBENCH_SANITIZER_CHECK=0 skips it (FLIPBENCH_CLI_ONLY_CHECK=0, its old name, too).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)")
# The Debian package from build/, installed on this machine and used (FLIPBENCH_PACKAGE_CHECK=0 skips).
if [ "${FLIPBENCH_PACKAGE_CHECK:-1}" = 1 ]; then
  bash scripts/package-check.sh
fi
if [ "${FLIPBENCH_SANITIZER_CHECK:-${FLIPBENCH_CLI_ONLY_CHECK:-1}}" = 1 ]; then
  bash scripts/sanitizer-check.sh
fi
