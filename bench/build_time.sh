#!/usr/bin/env bash
# Measures a clean build (configure + build of every target, ccache disabled) and records it with
# machine details in bench/results/build-time-<host>-<date>.md. Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/flipbench-build-XXXXXX)
trap 'rm -rf "$dir"' EXIT
export CCACHE_DISABLE=1
start=$(date +%s.%N)
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > "$dir.configure.log"
configured=$(date +%s.%N)
cmake --build "$dir" -j "$(nproc)" > "$dir.build.log"
built=$(date +%s.%N)
rm -f "$dir.configure.log" "$dir.build.log"
out=bench/results/build-time-$(hostname -s)-$(date -u +%Y%m%d).md
{
  echo "# Clean build, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(g++ --version | head -n 1)"
  echo "- cmake args: -G Ninja -DCMAKE_BUILD_TYPE=Release $*; ccache disabled; precompiled LibTorch headers"
  echo "- targets: all (core, CLI, test support and suites)"
  printf -- "- configure: %.1f s\n- build: %.1f s\n" "$(awk "BEGIN{print $configured - $start}")" "$(awk "BEGIN{print $built - $configured}")"
} > "$out"
cat "$out"
