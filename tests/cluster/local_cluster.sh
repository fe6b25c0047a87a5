#!/bin/bash
# A one-node SLURM cluster on this machine, for tests and demonstrations: munged, slurmctld and
# slurmd on loopback with a generated munge key and slurm.conf, everything in one folder. Sourced:
#   . tests/cluster/local_cluster.sh
#   local_cluster_start DIR || echo "no cluster: $local_cluster_why"   # exports SLURM_CONF
#   ...sbatch, squeue...
#   local_cluster_stop DIR                                             # by the pids it started
# Needs slurm-wlm and munge, and root (slurmd starts jobs as their users).

local_cluster_why=""

local_cluster_start() {
    local dir=$1 tool
    PATH="$PATH:/usr/sbin"
    for tool in munged munge unmunge slurmctld slurmd sbatch squeue scancel sinfo python3; do
        command -v "$tool" >/dev/null 2>&1 || { local_cluster_why="$tool is not installed (apt-get install slurm-wlm munge)"; return 1; }
    done
    [ "$(id -u)" = 0 ] || { local_cluster_why="slurmd must run as root to start jobs"; return 1; }
    mkdir -p "$dir" && chmod 0711 "$dir" # munge's socket needs x on its folders for clients
    dd if=/dev/urandom of="$dir/munge.key" bs=1 count=1024 status=none
    chmod 0400 "$dir/munge.key" # munged refuses a key others could read
    munged --force --key-file="$dir/munge.key" --socket="$dir/munge.sock" --pid-file="$dir/munged.pid" \
        --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" ||
        { local_cluster_why="munged does not start: $(tail -1 "$dir/munged.log" 2>/dev/null)"; return 1; }
    for _ in $(seq 50); do [ -S "$dir/munge.sock" ] && break; sleep 0.1; done
    munge -n -S "$dir/munge.sock" | unmunge -S "$dir/munge.sock" >/dev/null ||
        { local_cluster_why="munge does not authenticate here"; return 1; }

    local ports ctldport dport host
    ports=$(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
    read -r ctldport dport <<<"$ports"
    host=$(hostname -s)
    mkdir -p "$dir/state" "$dir/spool"
    cat >"$dir/slurm.conf" <<CONF
ClusterName=flipbench-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctldport
SlurmdPort=$dport
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$dir/slurm.conf"
    slurmctld -c || { local_cluster_why="slurmctld does not start: $(tail -2 "$dir/slurmctld.log" 2>/dev/null)"; return 1; }
    slurmd -N "$host" || { local_cluster_why="slurmd does not start: $(tail -2 "$dir/slurmd.log" 2>/dev/null)"; return 1; }
    local state=""
    for _ in $(seq 60); do
        state=$(sinfo --noheader --format=%t 2>/dev/null)
        [ "$state" = idle ] && return 0
        sleep 0.5
    done
    local_cluster_why="the node does not come up (sinfo says '${state:-nothing}'): $(tail -2 "$dir/slurmd.log")"
    return 1
}

local_cluster_stop() {
    local dir=$1 pidfile
    if [ -n "${SLURM_CONF:-}" ] && [ -s "$dir/slurmctld.pid" ]; then
        # Jobs first, while slurmd can still end their steps: killing the daemons leaves them running.
        scancel --quiet --user="$(id -un)" >/dev/null 2>&1
        for _ in $(seq 40); do
            [ -z "$(squeue --noheader 2>/dev/null)" ] && break
            sleep 0.5
        done
    fi
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    done
    sleep 1
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
        [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && kill -9 "$(cat "$pidfile")" 2>/dev/null
    done
    return 0
}
