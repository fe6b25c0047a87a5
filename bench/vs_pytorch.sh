#!/usr/bin/env bash
# Flipbench against its plain-PyTorch twin (bench/pytorch_twin.py), side by side on this machine:
# the same architecture, data, batch, optimizer, schedule and threads, run in alternation REPEATS
# times per model. Reports training img/s from each side's own timer (the first, warm-up epoch
# excluded), whole-process wall time and peak memory (GNU time's maximum resident set), and the
# ratios with min/median/max; writes bench/results/vs-pytorch-<host>-<date>.md. Runs on the CPU
# with Debian's python3-torch, or where a CUDA PyTorch and a CUDA build are (DEVICE=cuda).
#   bash bench/vs_pytorch.sh [path/to/flipbench-cli]     (REPEATS=3 THREADS=2 DEVICE=cpu)
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-build/app/flipbench-cli}
repeats=${REPEATS:-3}
threads=${THREADS:-2}
device=${DEVICE:-cpu}
python=${PYTHON:-/usr/bin/python3}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian: time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$("$cli" make-demo-data "$work/data" --train 5000 --test 1000 2>/dev/null)
out=bench/results/vs-pytorch-$(hostname -s)-$(date -u +%Y%m%d).md

# run_side SIDE ARCH IMAGES EPOCHS REP: one process under GNU time; appends "side arch rep img_s wall_s rss_kb acc".
run_side() {
  local side=$1 arch=$2 images=$3 epochs=$4 rep=$5 log="$work/$1-$2-$5"
  if [ "$side" = flipbench ]; then
    cat >"$log.json" <<JSON
{"name": "$arch-r$rep", "data": {"path": "$data", "train_limit": $images, "test_limit": 1000},
 "model": {"arch": "$arch"},
 "train": {"epochs": $epochs, "batch_size": 128, "lr": 0.05, "momentum": 0.9, "weight_decay": 5e-4,
           "schedule": "cosine", "eta_min": 0, "seed": 1, "device": "$device", "threads": $threads}}
JSON
    /usr/bin/time -f "%e %M" -o "$log.time" "$cli" train "$log.json" --workspace "$work/ws" >"$log.out" 2>"$log.err"
    "$python" - "$(tail -n 1 "$log.out")/metrics.jsonl" >"$log.epochs" <<'PY'
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    if r.get("type") == "epoch":
        print(json.dumps({"epoch": r["epoch"], "img_s": r["img_s"], "test_acc": r["test_acc"]}))
PY
  else
    /usr/bin/time -f "%e %M" -o "$log.time" "$python" bench/pytorch_twin.py "$data" "$arch" "$images" 1000 "$epochs" \
      "$threads" "$device" >"$log.epochs" 2>"$log.err"
  fi
  "$python" - "$log.epochs" "$log.time" "$side" "$arch" "$rep" >>"$work/rows" <<'PY'
import json, statistics, sys
epochs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
wall, rss = open(sys.argv[2]).read().split()[-2:]
img_s = statistics.mean(e["img_s"] for e in epochs[1:])  # the first epoch warms up
print(sys.argv[3], sys.argv[4], sys.argv[5], f"{img_s:.1f}", wall, rss, f"{epochs[-1]['test_acc']:.4f}")
PY
  tail -n 1 "$work/rows" >&2
}

for spec in small_cnn:5000:3 resnet18:2000:3; do
  IFS=: read -r arch images epochs <<<"$spec"
  for rep in $(seq 1 "$repeats"); do
    # Alternate which side goes first, so that neither always meets a warmer or cooler machine.
    if [ $((rep % 2)) -eq 1 ]; then sides="flipbench pytorch"; else sides="pytorch flipbench"; fi
    for side in $sides; do run_side "$side" "$arch" "$images" "$epochs" "$rep"; done
  done
done

"$python" - "$work/rows" "$out" "$repeats" "$threads" "$device" "$("$cli" version | head -n 1)" \
  "$("$python" -c 'import torch; print("PyTorch", torch.__version__)')" "$(lscpu | sed -n 's/^Model name: *//p')" <<'PY'
import collections, statistics, sys, datetime
rows = [l.split() for l in open(sys.argv[1])]
out, repeats, threads, device, fb, pt, cpu = sys.argv[2:9]
by = collections.defaultdict(dict)
for side, arch, rep, img_s, wall, rss, acc in rows:
    by[(arch, int(rep))][side] = (float(img_s), float(wall), int(rss) / 1024, float(acc))
lines = [f"# Flipbench against its PyTorch twin, {datetime.datetime.utcnow():%Y-%m-%dT%H:%MZ}", "",
         f"- machine: {cpu}, {device}, {threads} threads; {fb}; {pt} (the twin: bench/pytorch_twin.py)",
         "- demo data 32x32, batch 128, SGD momentum 0.9, weight decay 5e-4, lr 0.05 cosine, no augmentation;",
         "  training img/s from each side's own timer, mean of the epochs after the first; wall and peak RSS of",
         f"  the whole process (GNU time); {repeats} alternating repeats per model", "",
         "| model | repeat | Flipbench img/s | PyTorch img/s | ratio | Flipbench wall s | PyTorch wall s | Flipbench MiB | PyTorch MiB | test acc F / P |",
         "|---|---|---|---|---|---|---|---|---|---|"]
summary = ["", "| model | img/s ratio min / median / max | wall ratio (PyTorch / Flipbench) median | peak memory F / P median (MiB) |",
           "|---|---|---|---|"]
for arch in dict.fromkeys(a for a, _ in by):
    ratios, walls, mems = [], [], []
    for (a, rep), sides in sorted(by.items()):
        if a != arch or len(sides) < 2:
            continue
        f, p = sides["flipbench"], sides["pytorch"]
        ratios.append(f[0] / p[0]); walls.append(p[1] / f[1]); mems.append((f[2], p[2]))
        lines.append(f"| {arch} | {rep} | {f[0]:.0f} | {p[0]:.0f} | {f[0] / p[0]:.2f} | {f[1]:.1f} | {p[1]:.1f} | "
                     f"{f[2]:.0f} | {p[2]:.0f} | {f[3]:.3f} / {p[3]:.3f} |")
    summary.append(f"| {arch} | {min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f} | "
                   f"{statistics.median(walls):.2f} | {statistics.median(m[0] for m in mems):.0f} / "
                   f"{statistics.median(m[1] for m in mems):.0f} |")
open(out, "w").write("\n".join(lines + summary) + "\n")
print("\n".join(lines + summary))
print("written:", out)
PY
