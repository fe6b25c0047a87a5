#!/usr/bin/env bash
# The core, the CLI and the core test suites built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc), and run: the core suites, the CLI's end-to-end suite and the
# hostile-input corpus (tests/data/hostile/) against the sanitized flipbench-cli. Any report fails
# the run (-fno-sanitize-recover, halt_on_error), leaks included. LibTorch needs no suppression
# (tests/sanitizers/README.md says what was checked).
#
# One build serves two checks: it is also the CLI-only build (GUI off, the optional parts off, as a
# CUDA server builds it), so scripts/cli-only-check.sh runs on it first; CI compiles the core twice,
# not three times. setup-and-test.sh runs this after the main suite.
#
#   scripts/sanitizer-check.sh          (FLIPBENCH_SANITIZER_BUILD=DIR to build elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FLIPBENCH_SANITIZER_BUILD:-build-cli-only}
# -Wno-maybe-uninitialized: gcc 12 warns falsely inside libstdc++'s <regex> when ASan instruments it.
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-maybe-uninitialized"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export FLIPBENCH_HOSTILE_MEMORY_BOUND=0  # ASan's shadow and quarantine are not the program's memory

# 1. The CLI-only build, sanitized, and its quick check (trains demo data for an epoch).
# -O1 -g1: ASan's own advice (fast enough to run, line numbers in reports) and, on 2 cores, minutes
# less to compile than -O2 -g (measured in tests/sanitizers/README.md).
FLIPBENCH_CLI_ONLY_BUILD=$build bash scripts/cli-only-check.sh -DFLIPBENCH_TESTS=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_CXX_FLAGS=$flags" \
  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined" \
  "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=address,undefined"

# 2. The core suites and the CLI's end-to-end suites. Left to the main suite, to keep CI under 40
# minutes on 2 cores (tests/sanitizers/README.md has the figures): tst_demo_plan trains the whole
# demo plan (five minutes unsanitized, three times that here), tst_training and
# tst_reference_training train many small runs (4 and 2.5 minutes here; the sanitized tst_cli,
# tst_check and tst_export_model train, compare and export through the same trainer), and
# tst_concurrent_writers and tst_cli_interrupts time processes against each other, which a 3x
# slower binary only delays.
suites=(tst_cifar_reader tst_flip_metrics tst_npy tst_run_config tst_models tst_distillation_losses
        tst_model_import tst_presets tst_plan_summary tst_config_diff tst_statistics tst_sweeps tst_cluster
        tst_cli tst_update_gate tst_check tst_export_model)
cmake --build "$build" -j "$(nproc)" --target "${suites[@]}" flipbench_kill_on_write
regex="^($(IFS='|'; echo "${suites[*]}")|hostile_inputs)\$"
(cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" -R "$regex")
echo "sanitizer-check: core, CLI and core suites clean under ASan + UBSan"
