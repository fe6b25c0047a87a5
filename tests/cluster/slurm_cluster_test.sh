#!/bin/bash
# A real one-node SLURM cluster on this machine (slurmctld and slurmd on loopback, munge for
# authentication, everything in a temporary folder), and a real sweep on it:
#   1. `sweep --slurm` of 4 tiny demo-data runs in 2 array jobs (the FD runs are trained against
#      the old model of the first, so the second depends on it); wait; all runs complete;
#   2. `summary` over them equals a local sweep of the same spec, figure for figure;
#   3. one task is killed mid-run (scancel, after its first epoch), `sweep-status` names it with
#      its error file and the command that runs it again; resubmitted alone (sbatch --array=i), it
#      resumes from its checkpoint and the summary still equals the local one.
# Skips (exit 77, with a line saying why) where a cluster cannot start here: no slurm-wlm or munge,
# not root (slurmd runs jobs as their users). Stops the daemons it started, by pid.
#
# Usage: slurm_cluster_test.sh FLIPBENCH_CLI [--keep]
set -uo pipefail

cli=$(readlink -f "${1:?usage: slurm_cluster_test.sh FLIPBENCH_CLI}")
keep=${2:-}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
step() { echo "--- $(date -u +%H:%M:%S) $*"; }

. "$(dirname "$0")/local_cluster.sh"
dir=$(mktemp -d /tmp/flipbench-slurm.XXXXXX)
cleanup() {
    local_cluster_stop "$dir"
    if [ "$keep" = --keep ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
step "munge and slurm in $dir"
local_cluster_start "$dir" || skip "$local_cluster_why"
echo "cluster up: slurmctld $(cat "$dir/slurmctld.pid"), slurmd $(cat "$dir/slurmd.pid"), munged $(cat "$dir/munged.pid") on $(hostname -s)"

step "demo data and the spec"
"$cli" make-demo-data "$dir/data" --train 2000 --test 300 >/dev/null || fail "make-demo-data failed"
cat >"$dir/spec.json" <<SPEC
{"name": "cl", "description": "4 tiny runs: an old model, a retraining and FD against the old model twice",
 "base": {"data": {"path": "$dir/data/cifar-10-batches-bin", "val_size": 200},
          "model": {"arch": "small_cnn"},
          "train": {"epochs": 4, "batch_size": 50, "lr": 0.05, "device": "cpu", "threads": 1, "log_every": 5}},
 "old": "@old", "baseline": "base",
 "arms": [{"label": "old", "seeds": [100]},
          {"label": "base", "seeds": [1]},
          {"label": "fd", "seeds": [1, 2], "reference": ["@old"],
           "set": {"method.name": "fd", "method.kd_loss_weight": 1}}]}
SPEC

wait_for_queue_empty() { # seconds
    for _ in $(seq "$(($1 * 2))"); do
        [ -z "$(squeue --noheader --me 2>/dev/null)" ] && return 0
        sleep 0.5
    done
    return 1
}

step "sweep --slurm"
start=$(date +%s.%N)
"$cli" sweep "$dir/spec.json" --workspace "$dir/ws" --slurm --max-parallel 2 || fail "sweep --slurm failed"
stages=$(ls "$dir/ws/slurm/cl/"stage-*.sbatch | wc -l)
[ "$stages" = 2 ] || fail "expected 2 array jobs (the FD runs depend on the old model), got $stages"
grep -q -- '--dependency=afterok' "$dir/ws/slurm/cl/submit.sh" || fail "submit.sh chains no dependency"
grep -q '^#SBATCH --array=0-1%2$' "$dir/ws/slurm/cl/stage-1.sbatch" || fail "stage 1 is not a 2-task array limited to 2"
squeue --noheader --format='%i %T %r'
wait_for_queue_empty 600 || fail "the sweep did not finish in 10 minutes: $(squeue --noheader)"
end=$(date +%s.%N)
elapsed=$(python3 -c "print(f'{$end - $start:.1f}')")
"$cli" sweep-status "$dir/ws" --sweep cl || fail "sweep-status reports failures after the first submission"
for run in cl-old-s100 cl-base-s1 cl-fd-s1 cl-fd-s2; do
    grep -q '"state": *"completed"' "$dir/ws/$run/status.json" || fail "$run did not complete: $(cat "$dir/ws/$run/status.json")"
done
echo "time from sweep --slurm to the last run complete: ${elapsed} s (4 runs, 2 array jobs, 2 CPUs)"

step "the same sweep, trained locally"
"$cli" sweep "$dir/spec.json" --workspace "$dir/local" >/dev/null 2>"$dir/local.log" || fail "local sweep failed: $(tail -3 "$dir/local.log")"
"$cli" summary --workspace "$dir/ws" --sweep cl --json >"$dir/cluster-summary.json" || fail "summary of the cluster sweep failed"
"$cli" summary --workspace "$dir/local" --sweep cl --json >"$dir/local-summary.json" || fail "summary of the local sweep failed"
diff "$dir/local-summary.json" "$dir/cluster-summary.json" || fail "summary of the cluster sweep differs from the local one"
echo "summary over the cluster's runs equals the local sweep's ($(wc -l <"$dir/local-summary.json") lines of JSON)"

step "kill one task mid-run and resubmit it"
rm -rf "$dir/ws/cl-fd-s2" "$dir/ws/cl-fd-s1"
"$cli" sweep "$dir/spec.json" --workspace "$dir/ws" --slurm --max-parallel 2 || fail "second sweep --slurm failed"
job=$(awk '$1 == "stage" && $2 == 0 {print $4}' "$dir/ws/slurm/cl/jobs" | tail -1)
[ -n "$job" ] || fail "no job recorded for the second submission: $(cat "$dir/ws/slurm/cl/jobs")"
stage_runs=$(python3 -c "import json; print(json.load(open('$dir/ws/slurm/cl/tasks.json'))['stages'][0]['runs'])")
[ "$stage_runs" = "['cl-fd-s1', 'cl-fd-s2']" ] || fail "the second submission should train just the two FD runs, got $stage_runs"
killed=""
for _ in $(seq 600); do
    if grep -q '"state": *"running"' "$dir/ws/cl-fd-s2/status.json" 2>/dev/null &&
        python3 -c "import json,sys; sys.exit(0 if json.load(open('$dir/ws/cl-fd-s2/status.json'))['epochs_done'] >= 1 else 1)" 2>/dev/null; then
        scancel "${job}_1" && killed=1
        break
    fi
    sleep 0.2
done
[ -n "$killed" ] || fail "cl-fd-s2 never reached its second epoch to be killed in"
wait_for_queue_empty 300 || fail "the killed task did not leave the queue"
state=$(python3 -c "import json; s=json.load(open('$dir/ws/cl-fd-s2/status.json')); print(s['state'], s['epochs_done'])")
echo "after scancel: cl-fd-s2 is $state"
case "$state" in completed*) fail "cl-fd-s2 completed before scancel reached it" ;; esac
"$cli" sweep-status "$dir/ws" --sweep cl >"$dir/status.txt"
status_rc=$?
cat "$dir/status.txt"
[ "$status_rc" = 1 ] || fail "sweep-status should exit 1 with a stopped run, got $status_rc"
grep -q "cl-fd-s2 .* stopped" "$dir/status.txt" || fail "sweep-status does not show cl-fd-s2 as stopped"
grep -q "error file: $dir/ws/slurm/cl/logs/stage-0-task-1.err" "$dir/status.txt" || fail "sweep-status does not name the error file"
resubmit=$(sed -n 's/^ *run it again: //p' "$dir/status.txt")
[ "$resubmit" = "sbatch --array=1 '$dir/ws/slurm/cl/stage-0.sbatch'" ] || fail "unexpected resubmit command: $resubmit"
eval "$resubmit" || fail "resubmitting failed"
# The task run again is a new job of the same array name: sweep-status must not call it stopped.
"$cli" sweep-status "$dir/ws" --sweep cl >"$dir/status-2.txt"
grep "cl-fd-s2 " "$dir/status-2.txt"
grep -Eq "cl-fd-s2 +0\.1 +[0-9_]+ +(queued|starting|running|done) " "$dir/status-2.txt" ||
    fail "sweep-status does not see the resubmitted task: $(cat "$dir/status-2.txt")"
wait_for_queue_empty 300 || fail "the resubmitted task did not finish"
grep -q '"state": *"completed"' "$dir/ws/cl-fd-s2/status.json" || fail "cl-fd-s2 did not complete after resubmitting: $(cat "$dir/ws/cl-fd-s2/status.json")"
grep -q "cl-fd-s2: cancelled at epoch [1-3]/4; resuming from its last checkpoint" "$dir/ws/slurm/cl/logs/stage-0-task-1.err" ||
    fail "the resubmitted task did not resume from the checkpoint: $(tail -5 "$dir/ws/slurm/cl/logs/stage-0-task-1.err")"
grep -h "resuming" "$dir/ws/slurm/cl/logs/stage-0-task-1.err"
"$cli" summary --workspace "$dir/ws" --sweep cl --json >"$dir/cluster-summary-2.json" || fail "summary after the resubmission failed"
diff "$dir/local-summary.json" "$dir/cluster-summary-2.json" || fail "after the kill and resume the summary differs from the local sweep"
echo "resumed run: summary still equals the local sweep's"
echo "PASS: sweep on SLURM (${elapsed} s to the last run complete), equal to local, kill + resubmit resumed"
