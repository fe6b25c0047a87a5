#!/usr/bin/env bash
# GUI responsiveness during training: event-loop delay (10 ms timer lateness) while the real main
# window trains small_cnn on demo data at full speed and draws live curves. Target: p99 < 50 ms.
# Records bench/results/event-loop-delay-<host>-<date>.md. Platform: offscreen unless DISPLAY is set.
#   bash bench/event_loop_delay.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/bench/flipbench-bench-event-loop
[ -x "$bin" ] || { echo "build $bin first (scripts/build.sh)" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen
out=bench/results/event-loop-delay-$(hostname -s)-$(date -u +%Y%m%d).md
{
  echo "# GUI event-loop delay during training, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
  echo "- Qt platform: ${QT_QPA_PLATFORM:-xcb (DISPLAY=$DISPLAY)}"
  echo "- small_cnn on 10,000 demo images, batch 128, 3 epochs, log_every 1; the window shows the run's live curves"
  echo
  for threads in 0 1; do
    echo "## training threads: $threads (0 = one per core)"
    echo
    echo '```'
    "$bin" --threads "$threads" 2>&1 | grep -v '^QStandardPaths'
    echo '```'
    echo
  done
} | tee "$out"
echo "recorded in $out"
