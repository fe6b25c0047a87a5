#!/usr/bin/env bash
# Aggregation over a sweep-sized workspace: 100 runs of 10,000 test images (20 groups x 5 seeds)
# against one old model. Times the group table, the pairwise NFR matrix and a 1,000-resample
# bootstrap, and the GUI-thread timer lateness while the Seeds tab builds its table.
# Target: the GUI thread never waits on the aggregation (p99 lateness < 50 ms).
# Records bench/results/seed-groups-<host>-<date>.md. Platform: offscreen unless DISPLAY is set.
#   bash bench/seed_groups.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/bench/flipbench-bench-seed-groups
[ -x "$bin" ] || { echo "build $bin first (scripts/build.sh)" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen
out=bench/results/seed-groups-$(hostname -s)-$(date -u +%Y%m%d).md
{
  echo "# Aggregation over 100 runs, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
  echo "- Qt platform: ${QT_QPA_PLATFORM:-xcb (DISPLAY=$DISPLAY)}"
  echo "- command: \`$bin\` (synthetic logits, 10 classes; the bootstrap line prints one run's accuracy)"
  echo
  echo '```'
  "$bin" 2>&1 | grep -v -e '^QStandardPaths' -e 'propagateSizeHints'
  echo '```'
} | tee "$out"
echo "recorded in $out"
