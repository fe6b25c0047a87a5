#!/usr/bin/env bash
# The full crash harness: 20 kills per operation (tests/crash/README.md), its table recorded in
# bench/results/crash-HOST-DATE.md with the machine. Needs the main build (scripts/build.sh).
#
#   tests/crash/run-full.sh [--kills N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${FLIPBENCH_BUILD:-build}
record=$(mktemp)
trap 'rm -f "$record"' EXIT
start=$SECONDS
/usr/bin/python3 tests/crash/crash_harness.py --cli "$build/app/flipbench-cli" --gui "$build/app/flipbench" \
  --preload "$build/tests/libflipbench_kill_on_write.so" --kills 20 --record "$record" "$@" | tee "$build/crash-full.log"
{
  echo "# Crash harness: the last full run (tests/crash/run-full.sh)"
  echo
  echo "$(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, as $(id -un) ($(( SECONDS - start )) s)."
  echo "Every kill was followed by the checks of tests/crash/README.md; failures must be 0."
  echo
  cat "$record"
  echo
  grep -E '^crash: .*(partial last line|failures;)' "$build/crash-full.log" || true
} >"bench/results/crash-$(hostname -s)-$(date -u +%Y%m%d).md"
