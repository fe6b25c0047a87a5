#!/usr/bin/env bash
# The workbench following a sweep that a SLURM cluster trains: starts the one-node cluster of
# tests/cluster/local_cluster.sh, submits a demo-data sweep with `sweep --slurm`, opens the real
# workbench under Xvfb on that workspace, and saves docs/screenshots/cluster-sweep.png while the
# array tasks train (the run table marks each with its job and host). Stops what it started, by pid.
# Needs root (slurmd), slurm-wlm, munge, xvfb and imagemagick.
#   bash scripts/cluster-screenshot.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
app=$(readlink -f "$build/app/flipbench")
cli=$(readlink -f "$build/app/flipbench-cli")
[ -x "$app" ] && [ -x "$cli" ] || { echo "build $build first (scripts/build.sh)" >&2; exit 1; }
. tests/cluster/local_cluster.sh

work=$(mktemp -d /tmp/flipbench-shot.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    local_cluster_stop "$work/cluster"
    rm -rf "$work"
}
trap cleanup EXIT
local_cluster_start "$work/cluster" || { echo "no cluster here: $local_cluster_why" >&2; exit 1; }

"$cli" make-demo-data "$work/data" --train 4000 --test 500 >/dev/null
cat >"$work/spec.json" <<SPEC
{"name": "cluster", "base": {"data": {"path": "$work/data/cifar-10-batches-bin", "val_size": 500},
  "model": {"arch": "small_cnn"},
  "train": {"epochs": 6, "batch_size": 64, "lr": 0.05, "device": "cpu", "threads": 1, "log_every": 5}},
 "old": "@old", "baseline": "base",
 "arms": [{"label": "old", "seeds": [100]},
          {"label": "base", "seeds": [1, 2]},
          {"label": "fd", "seeds": [1, 2], "reference": ["@old"], "set": {"method.name": "fd", "method.kd_loss_weight": 1}}]}
SPEC
"$cli" sweep "$work/spec.json" --workspace "$work/ws" --slurm --max-parallel 2

export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share HOME=$work/home
mkdir -p "$HOME"
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display QT_QPA_PLATFORM=xcb
sleep 1
"$app" --workspace "$work/ws" --data "$work/data/cifar-10-batches-bin" &
pids+=($!)
# Wait until the second stage trains: the old model done, FD runs running on the cluster.
for _ in $(seq 600); do
    running=$( (grep -l '"state": *"running"' "$work"/ws/cluster-fd-*/status.json 2>/dev/null || true) | wc -l)
    [ "$running" -ge 1 ] && grep -q '"epochs_done": *[1-9]' "$work"/ws/cluster-fd-s1/status.json 2>/dev/null && break
    sleep 0.5
done
sleep 4 # one poll of the workbench (3 s) after that
mkdir -p docs/screenshots
import -window root docs/screenshots/cluster-sweep.png
echo "saved docs/screenshots/cluster-sweep.png"
"$cli" sweep-status "$work/ws" --sweep cluster || true
