#!/usr/bin/env bash
# Measures training throughput (images/s) of each model on this machine's CPU, with 1 thread and
# with one thread per core, on generated demo data, and records the result with machine details in
# bench/results/train-speed-<host>-<date>.md. Not a test: numbers depend on the machine.
#   bash bench/train_speed.sh [path/to/flipbench-cli]
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-build/app/flipbench-cli}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$("$cli" make-demo-data "$work/data" --train 5000 --test 500 2>/dev/null)
cores=$(nproc)
out=bench/results/train-speed-$(hostname -s)-$(date -u +%Y%m%d).md
{
  echo "# Training throughput, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p') ($cores cores available to this process)"
  echo "- $("$cli" version)"
  echo "- data: demo data (32x32 RGB), batch 128, SGD; img/s of the second epoch (first one warms up)"
  echo
  echo "| model | images/epoch | threads | img/s | epoch seconds |"
  echo "|---|---|---|---|---|"
} > "$out"
for spec in small_cnn:5000 resnet18:2000 resnet18_cifar:512; do
  arch=${spec%%:*}; images=${spec##*:}
  for threads in 1 "$cores"; do
    cat > "$work/$arch-$threads.json" <<JSON
{"name": "$arch-t$threads", "data": {"train_limit": $images, "test_limit": 100},
 "model": {"arch": "$arch"},
 "train": {"epochs": 2, "batch_size": 128, "lr": 0.05, "device": "cpu", "threads": $threads}}
JSON
    run=$("$cli" train "$work/$arch-$threads.json" --workspace "$work/ws" --data "$data" 2>/dev/null | tail -n 1)
    /usr/bin/python3 - "$run/metrics.jsonl" "$arch" "$images" "$threads" >> "$out" <<'PY'
import json, sys
epochs = [r for r in map(json.loads, open(sys.argv[1])) if r.get("type") == "epoch"]
last = epochs[-1]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {last['img_s']:.0f} | {last['seconds']:.1f} |")
PY
    tail -n 1 "$out"
  done
done
echo "written: $out"
