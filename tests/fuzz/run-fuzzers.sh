#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/CMakeLists.txt) with clang and runs each for SECONDS
# (600 by default), one after another, from the seed corpus of make_seeds.py. Prints one line per
# target: executions, coverage, corpus size and findings; with --record FILE also writes that
# table (bench/results/fuzz.md is the last full run). Findings (crash-*, leak-*, oom-*, timeout-*)
# land in build-fuzz/findings/TARGET/; each one fixed gets a case in tests/data/hostile/.
#
#   tests/fuzz/run-fuzzers.sh [--seconds N] [--record FILE] [TARGET ...]
#
# Needs the main build's core library (scripts/build.sh) and clang (scripts/install-deps.sh).
# Exit 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=600
record=""
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --record) record=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(torch_file zip_archive npy cifar_batch image_decode run_config sweep_spec notebook_mapping)
core=${FLIPBENCH_CORE_LIBRARY:-$root/build/core/libflipbench_core.a}
[ -f "$core" ] || { echo "run-fuzzers: no $core; build the main project first (scripts/build.sh)" >&2; exit 2; }
build=$root/build-fuzz
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  "${launcher[@]}" -DFLIPBENCH_CORE_LIBRARY="$core" >/dev/null
cmake --build "$build" -j "$(nproc)"
/usr/bin/python3 tests/fuzz/make_seeds.py "$root" "$build/seeds"

# A leak of LibTorch's own (its thread pools and allocator caches live until exit) is not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
table="| target | seconds | executions | exec/s | coverage (edges) | corpus | findings |
|---|---:|---:|---:|---:|---:|---:|"
found=0
for target in "${targets[@]}"; do
  corpus=$build/corpus/$target
  findings=$build/findings/$target
  mkdir -p "$corpus" "$findings" "$build/logs"
  log=$build/logs/$target.log
  # -malloc_limit_mb: one allocation over 512 MB from an input of at most 64 KB is a bomb, a finding.
  # -timeout: an input that takes 10 s is a hang. Findings do not stop the run (-fork keeps going).
  # A finding ends a libFuzzer run; it is started again (from the grown corpus) until the time is
  # spent, at most 5 times, so that one early finding does not cut the target's time short.
  : >"$log"
  runs=0
  start=$SECONDS
  rc=0
  for attempt in 1 2 3 4 5 6; do
    left=$(( seconds - (SECONDS - start) ))
    [ "$left" -gt 0 ] || break
    rc=0
    "$build/fuzz_$target" "$corpus" "$build/seeds/$target" -max_total_time="$left" -max_len=65536 \
      -malloc_limit_mb=512 -rss_limit_mb=3072 -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" \
      >"$log.attempt" 2>&1 || rc=$?
    cat "$log.attempt" >>"$log"
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.attempt" | tail -n 1)
    runs=$(( runs + ${executed:-0} ))
    [ "$rc" -ne 0 ] || break
  done
  rm -f "$log.attempt"
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
  size=$(find "$corpus" -type f | wc -l)
  count=$(find "$findings" -type f | wc -l)
  [ "$count" -eq 0 ] || found=1
  rate=$(( ${runs:-0} / (seconds > 0 ? seconds : 1) ))
  line="| $target | $seconds | ${runs:-?} | $rate | ${cov:-?} | $size | $count |"
  echo "$line"
  table+=$'\n'"$line"
  [ "$rc" -eq 0 ] || [ "$count" -gt 0 ] || { echo "run-fuzzers: fuzz_$target exited $rc without a finding; see $log" >&2; found=1; }
done
if [ -n "$record" ]; then
  {
    echo "# Fuzzing: the last full run (tests/fuzz/run-fuzzers.sh)"
    echo
    echo "$(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores, $(clang++ --version | head -n 1); one target at a time,"
    echo "each from the seeds of tests/fuzz/make_seeds.py and its own corpus of earlier runs, with ASan + UBSan."
    echo
    echo "$table"
  } >"$record"
fi
exit $found
