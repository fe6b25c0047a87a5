#!/usr/bin/env bash
# Starts the real workbench under Xvfb on a fresh demo workspace and saves screenshots of the main
# window to docs/screenshots/: the welcome page, training in progress (the cpu-quick plan) and the
# finished plan. Needs Debian's xvfb and imagemagick (installed here when missing).
#   bash scripts/screenshots.sh [build-dir [WORKSPACE OLD_RUN NEW_RUN]]
# With a workspace and two of its runs (real CIFAR-10 runs), it also shows the Compare page on them
# and the page's All runs and Seeds tabs on every completed run of the workspace, the run table with its
# groups of seeds and the New Sweep form (DATA=DIR: its data folder). SHOTS=compare takes only those.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
app=$build/app/flipbench
cli=$build/app/flipbench-cli
[ -x "$app" ] || { echo "build $app first (scripts/build.sh)" >&2; exit 1; }
for tool in Xvfb import xdotool; do
  command -v $tool >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -q xvfb imagemagick xdotool; break; }
done

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# A private settings and data home: the screenshots show a first start, not this user's setup.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share HOME=$work/home
mkdir -p "$HOME/Documents"
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display QT_QPA_PLATFORM=xcb
sleep 1
shots=docs/screenshots
mkdir -p "$shots"
snap() { sleep 1.5; import -window root "$shots/$1"; echo "saved $shots/$1"; }

if [ "${SHOTS:-all}" != compare ]; then
# 1. First start: no data set, empty workspace.
"$app" --workspace "$work/first" &
pid=$!; pids+=($pid)
sleep 4; snap welcome.png
kill $pid; wait $pid 2>/dev/null || true

# 2. The cpu-quick plan on demo data, started from the command line, photographed while it trains.
# The loss axis is logarithmic: FD's distillation term is two orders above the cross-entropy.
mkdir -p "$XDG_CONFIG_HOME/Flipbench"
printf '[curves]\nlogScale=true\n' > "$XDG_CONFIG_HOME/Flipbench/flipbench.conf"
data=$("$cli" make-demo-data "$work/demo" 2>/dev/null)
ws=$work/workspace
"$app" --workspace "$ws" --data "$data" --start-preset cpu-quick &
pid=$!; pids+=($pid)
until [ "$(ls "$ws" 2>/dev/null | wc -l)" -ge 2 ] && \
      [ "$(grep -c '"type":"epoch"' "$ws"/*/metrics.jsonl 2>/dev/null | awk -F: '{s+=$2} END {print s+0}')" -ge 11 ]; do
  sleep 1; kill -0 $pid || { echo "the app exited early" >&2; exit 1; }
done
snap training.png

# 3. The finished plan: every run completed, their curves overlaid.
until [ "$(grep -l '"state": *"completed"' "$ws"/*/status.json 2>/dev/null | wc -l)" -ge 4 ]; do
  sleep 2; kill -0 $pid || { echo "the app exited early" >&2; exit 1; }
done
snap finished.png
kill $pid; wait $pid 2>/dev/null || true

# 4. The New Run form with an FD run against the plan's old model.
"$app" --workspace "$ws" --data "$data" --new-run cpu-quick &
pid=$!; pids+=($pid)
sleep 5; snap new-run.png
kill $pid; wait $pid 2>/dev/null || true

fi

# 5. The Compare page on two runs of a real workspace, when one is given, then its All runs tab.
if [ $# -ge 4 ]; then
  "$app" --workspace "$2" --compare "$3" --compare "$4" &
  pid=$!; pids+=($pid)
  sleep 8; snap compare.png
  kill $pid; wait $pid 2>/dev/null || true
  "$app" --workspace "$2" --compare-all &
  pid=$!; pids+=($pid)
  sleep 10; snap compare-all-runs.png
  kill $pid; wait $pid 2>/dev/null || true
  "$app" --workspace "$2" --compare-seeds &
  pid=$!; pids+=($pid)
  sleep 15; snap compare-seeds.png
  kill $pid; wait $pid 2>/dev/null || true

  # 6. The run table with its groups of seeds collapsed (the old model stands alone in the first
  # row, each group's row below it), one FD group selected: its seeds' curves with their mean and
  # band. Keys as a user would: Left collapses the current group, Down moves to the next.
  "$app" --workspace "$2" &
  pid=$!; pids+=($pid)
  sleep 8
  xdotool mousemove 300 192 click 1; sleep 0.5
  for _ in 1 2 3 4 5 6 7 8; do xdotool key Left; sleep 0.2; xdotool key Down; sleep 0.2; done
  xdotool key ctrl+Home; sleep 0.3       # back to the top: the old model, then the groups
  xdotool mousemove 300 240 click 1      # the fourth row: FD at weight 1, the setting chosen
  snap run-table-groups.png
  kill $pid; wait $pid 2>/dev/null || true

  # 7. New Sweep on a spec the form shows: FD's temperature and weight over three seeds, against
  # the workspace's old model (DATA: the data folder its runs would train on).
  cat > "$work/sweep.json" <<SPEC
{"name": "fd-temperature", "base": "preset:cpu-quick/quick-fd-s2", "reference": ["$2/$3"],
 "seeds": [1, 2, 3], "grid": {"method.fd.temperature": [1, 2, 4], "method.kd_loss_weight": [0.5, 1]}}
SPEC
  "$app" --workspace "$2" ${DATA:+--data "$DATA"} --new-sweep "$work/sweep.json" &
  pid=$!; pids+=($pid)
  sleep 6; snap new-sweep.png
  kill $pid; wait $pid 2>/dev/null || true
fi
