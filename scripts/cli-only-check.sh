#!/usr/bin/env bash
# The CLI-only build a CUDA server makes (LibTorch and nlohmann_json only): no GUI, no tests, and the
# optional parts download and image-folders OFF. Builds flipbench-cli into build-cli-only/ and checks
# it quickly: `version` lists the parts, the commands of a missing part exit 2 with a rebuild hint,
# and demo data trains for one epoch. scripts/setup-and-test.sh runs it after the full build when
# FLIPBENCH_CLI_ONLY_CHECK=1. It compiles the core again: ccache shares no objects with build/, since
# the two folders' precompiled headers differ (measured: 8 hits in 411). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FLIPBENCH_CLI_ONLY_BUILD:-build-cli-only}   # beside build/ (ignored by git like it)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFLIPBENCH_GUI=OFF -DFLIPBENCH_TESTS=OFF -DFLIPBENCH_DOWNLOAD=OFF -DFLIPBENCH_IMAGE_FOLDERS=OFF "$@"
cmake --build "$build" -j "$(nproc)" --target flipbench-cli
cli="$PWD/$build/app/flipbench-cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "cli-only-check: $*" >&2; exit 1; }
# expect CODE TEXT COMMAND...: runs flipbench-cli, wants that exit code and TEXT in its output.
expect() {
  local code=$1 text=$2 rc=0
  shift 2
  "$cli" "$@" >"$tmp/out" 2>&1 || rc=$?
  [ "$rc" -eq "$code" ] || { cat "$tmp/out" >&2; fail "flipbench-cli $*: exit $rc, expected $code"; }
  grep -qF -- "$text" "$tmp/out" || { cat "$tmp/out" >&2; fail "flipbench-cli $*: no \"$text\" in its output"; }
}

"$cli" version
expect 0 "download       no" version
expect 0 "image-folders  no" --help
expect 2 "-DFLIPBENCH_DOWNLOAD=ON" download-cifar10 "$tmp/cifar"
[ ! -e "$tmp/cifar" ] || fail "download-cifar10 wrote $tmp/cifar"
mkdir -p "$tmp/images/train/cat" "$tmp/images/test/cat"
expect 2 "-DFLIPBENCH_IMAGE_FOLDERS=ON" import-images "$tmp/images"

expect 0 "cifar-10-batches-bin" make-demo-data "$tmp/demo" --train 500 --test 200
cat >"$tmp/tiny.json" <<JSON
{"name": "cli-only", "data": {"path": "$tmp/demo", "train_limit": 500, "test_limit": 200},
 "model": {"arch": "small_cnn"},
 "train": {"epochs": 1, "batch_size": 64, "lr": 0.05, "seed": 1, "device": "cpu", "threads": 2}}
JSON
expect 2 "image-folders part" train "$tmp/tiny.json" --workspace "$tmp/ws" --data "$tmp/images"
"$cli" train "$tmp/tiny.json" --workspace "$tmp/ws" >"$tmp/train.out" || { cat "$tmp/train.out" >&2; fail "train failed"; }
run=$(tail -n 1 "$tmp/train.out")
for file in config.json status.json dataset.json metrics.jsonl final.pt logits.npy labels.npy; do
  [ -e "$run/$file" ] || fail "the run folder $run has no $file"
done
grep -q '"completed"' "$run/status.json" || fail "$run/status.json: not completed"
expect 0 "cli-only" list --workspace "$tmp/ws"
echo "cli-only-check: flipbench-cli without the optional parts works"
