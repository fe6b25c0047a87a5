#!/usr/bin/env bash
# The CLI demo on generated data (about a minute on 2 cores). DEMO_DIR picks the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/app/flipbench-cli
demo=${DEMO_DIR:-$HOME/flipbench-demo}
mkdir -p "$demo"
data=$("$cli" make-demo-data "$demo/data")
runs=()
for seed in 1 2; do
  cat > "$demo/seed$seed.json" <<JSON
{"name": "demo-seed$seed",
 "data": {"train_limit": 5000, "test_limit": 1000},
 "model": {"arch": "small_cnn"},
 "train": {"epochs": 6, "batch_size": 128, "lr": 0.05, "eta_min": 0, "seed": $seed, "device": "auto"}}
JSON
  runs+=("$("$cli" train "$demo/seed$seed.json" --workspace "$demo/workspace" --data "$data" | tail -n 1)")
done
"$cli" list --workspace "$demo/workspace"
echo
"$cli" compare "${runs[0]}" "${runs[1]}"
