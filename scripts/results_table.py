#!/usr/bin/python3
"""Prints a Markdown table of runs against an old model: validation accuracy and NFR (where the
choice is made) and test accuracy, NFR, PFR and NFI (computed by `flipbench-cli compare`).

    scripts/results_table.py CLI WORKSPACE OLD_RUN RUN [RUN ...]
"""
import json
import os
import subprocess
import sys


def last_epoch(run_dir):
    epochs = [r for r in map(json.loads, open(os.path.join(run_dir, "metrics.jsonl"))) if r.get("type") == "epoch"]
    return epochs[-1] if epochs else {}


def main():
    cli, workspace, old, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    old_dir = os.path.join(workspace, old)
    print("| run | method | val acc | val NFR | test acc | test NFR | test PFR | NFI |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        run_dir = os.path.join(workspace, run)
        config = json.load(open(os.path.join(run_dir, "config.json")))
        method = config.get("method", {})
        desc = method.get("name", "baseline")
        for key in ("fd", "ldi"):
            if key in method:
                desc += " " + ", ".join(f"{k} {v}" for k, v in method[key].items())
        if method.get("kd_alpha") is not None:
            desc += f", kd_alpha {method['kd_alpha']}"
        if method.get("name", "baseline") != "baseline":
            desc += f", weight {method.get('kd_loss_weight', 1)}"
        if method.get("init_from_reference"):
            desc += ", init from old"
        epoch = last_epoch(run_dir)
        out = subprocess.run([cli, "compare", old_dir, run_dir, "--json"], capture_output=True, text=True, check=True)
        m = json.loads(out.stdout)
        val_acc = f"{epoch['val_acc'] * 100:.2f}%" if "val_acc" in epoch else "-"
        val_nfr = f"{epoch['val_nfr'] * 100:.2f}%" if "val_nfr" in epoch else "-"
        print(f"| {run} | {desc} | {val_acc} | {val_nfr} | {m['acc_b'] * 100:.2f}% | {m['nfr'] * 100:.2f}% "
              f"| {m['pfr'] * 100:.2f}% | {m['nfi'] * 100:.2f}% |")


if __name__ == "__main__":
    main()
