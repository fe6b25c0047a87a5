#!/usr/bin/python3
"""Runs every case of the hostile-input corpus (make_cases.py) through the real flipbench-cli and
checks, for each: the documented exit code, an error that names the file and the problem, no signal
(no crash, no sanitizer abort), nothing written to the workspace (nor to the case's own files, nor
an image cache), and memory bounded: the peak resident size may exceed that of a plain command
(`list`, which loads LibTorch as every command does) by at most 64 MiB plus 4 times the case's size.

    check_hostile_inputs.py FLIPBENCH_CLI [--record FILE] [--keep] [--only NAME|CATEGORY]...

Prints one line per case and a table by category; --record writes that table (markdown) to FILE.
Exit 0 when every case passed, 1 otherwise. CTest runs it as `hostile_inputs`.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SLACK = 64 << 20          # bytes over the plain command's peak, whatever the case
PER_BYTE = 4              # and this many times the case's size
TIMEOUT = 300             # seconds; a case that takes longer is a hang


def run_measured(argv, env):
    """Runs argv; returns its exit code (or "timeout", or -signal), the start and end of its output
    and its peak resident size. The peak comes from wait4() for this child alone. Linux carries a
    process's peak over exec, so the driver keeps itself small: the output goes to a file and only
    its first and last 64 KiB are read back (a case may print a 100 MB name)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timed_out = not timer.is_alive()
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        size = out.seek(0, os.SEEK_END)
        out.seek(0)
        text = out.read(65536)
        if size > 2 * 65536:
            out.seek(size - 65536)
            text += b"\n[...]\n" + out.read()
        elif size > 65536:
            text += out.read()
    code = "timeout" if timed_out else process.returncode
    return {"code": code, "output": text.decode(errors="replace"), "peak": usage.ru_maxrss * 1024,
            "seconds": time.monotonic() - start}


def snapshot(folder):
    """Every path under folder with its size and modification time (nanoseconds)."""
    state = {}
    if not os.path.exists(folder):
        return state
    if os.path.isfile(folder):
        st = os.stat(folder)
        return {"": (st.st_size, st.st_mtime_ns)}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            state[os.path.relpath(path, folder)] = (st.st_size if not os.path.isdir(path) else 0, st.st_mtime_ns)
    return state


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


def diff(before, after):
    changed = [p for p in after if p not in before or after[p] != before[p]]
    removed = [p for p in before if p not in after]
    return changed + removed


def prepare(cli, tmp, env):
    data = os.path.join(tmp, "data")
    ws = os.path.join(tmp, "ws")
    subprocess.run([cli, "make-demo-data", data, "--train", "300", "--test", "100"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    cases = os.path.join(tmp, "cases")
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make_cases.py"), cases, data], check=True, env=env)
    config = os.path.join(tmp, "valid.json")
    with open(os.path.join(cases, "config", "config-unknown-key.json")) as f:
        valid = json.load(f)
    valid.pop("trian")
    with open(config, "w") as f:
        json.dump(valid, f)
    trained = subprocess.run([cli, "train", config, "--workspace", ws], check=True, env=env,
                             stdout=subprocess.PIPE).stdout.decode().strip().splitlines()[-1]
    return data, ws, cases, trained


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("--record")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", action="append", default=[], help="a case's name or category")
    args = parser.parse_args()
    cli = os.path.abspath(args.cli)
    tmp = tempfile.mkdtemp(prefix="flipbench-hostile-")
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "xdg-cache"), OMP_NUM_THREADS="1")
    data, ws, cases_dir, run_dir = prepare(cli, tmp, env)
    with open(os.path.join(cases_dir, "cases.json")) as f:
        cases = json.load(f)
    if args.only:
        cases = [c for c in cases if c["name"] in args.only or c["category"] in args.only]
    # A build without an optional part refuses its commands by design (exit 2, a rebuild hint).
    version = subprocess.run([cli, "version"], stdout=subprocess.PIPE, env=env).stdout.decode()
    for part, category in (("download", "archive"), ("image-folders", "image")):
        if any(line.split()[:2] == [part, "no"] for line in version.splitlines()):
            print(f"hostile: SKIP the {category} cases: this flipbench-cli is built without the {part} part")
            cases = [c for c in cases if c["category"] != category]
    # Under AddressSanitizer memory is not the program's own (shadow, quarantine); the bound is
    # checked by the unsanitized build.
    check_memory = os.environ.get("FLIPBENCH_HOSTILE_MEMORY_BOUND", "1") != "0"
    plain = run_measured([cli, "list", "--workspace", ws], env)
    baseline = plain["peak"]
    print(f"hostile: {len(cases)} cases; a plain command peaks at {baseline >> 20} MiB")

    results = collections.OrderedDict()
    failures = 0
    for c in cases:
        case_path = os.path.join(cases_dir, c["file"])
        if "run_copy" in c:
            target = os.path.join(cases_dir, c["run_copy"])
            for name in os.listdir(run_dir):
                if not os.path.exists(os.path.join(target, name)):
                    source = os.path.join(run_dir, name)
                    (shutil.copytree if os.path.isdir(source) else shutil.copy2)(source, os.path.join(target, name))
        out = os.path.join(tmp, "out", c["name"])
        values = {"ws": ws, "data": data, "run": run_dir, "case": case_path, "out": out}
        argv = [cli] + [a.format(**values) for a in c["argv"]]
        watched = {"workspace": ws, "image cache": env["XDG_CACHE_HOME"], "data": data, "run": run_dir}
        if not c.get("writes_into_case"):
            watched["case"] = os.path.join(cases_dir, c.get("watch", c["file"]))
        before = {k: snapshot(v) for k, v in watched.items()}
        result = run_measured(argv, env)
        problems = []
        code, output = result["code"], result["output"]
        if code != c["exit"]:
            problems.append(f"exit {code}, expected {c['exit']}")
        for text in c["expect"]:
            if text not in output:
                problems.append(f"no \"{text}\" in the message")
        if c["names"] and c["names"] not in output:
            problems.append(f"the message does not name {c['names']}")
        if "unexpected error" in output:
            problems.append("an unexpected (internal) error")
        for what, folder in watched.items():
            changed = diff(before[what], snapshot(folder))
            if changed:
                problems.append(f"wrote into the {what}: {', '.join(sorted(changed)[:3])}")
        for stray in ("/tmp/flipbench-pwned", "/tmp/flipbench-evil.bin", os.path.join(tmp, "evil.bin")):
            if os.path.exists(stray):
                problems.append(f"created {stray}")
                os.remove(stray)
        allowance = SLACK + PER_BYTE * size_of(case_path)
        grown = result["peak"] - baseline
        if check_memory and grown > allowance:
            problems.append(f"peak memory {result['peak'] >> 20} MiB: {grown >> 20} MiB over a plain command, "
                            f"more than the {allowance >> 20} MiB allowed for a {size_of(case_path) >> 10} KiB case")
        first_line = next((l for l in output.splitlines() if "flipbench-cli" in l), output.strip()[:200])
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {c['category']:<20} {c['name']:<36} exit {code} {result['seconds']:5.1f} s "
              f"{result['peak'] >> 20:5d} MiB  {first_line[:160]}")
        for p in problems:
            print(f"       {p}")
        if problems:
            failures += 1
            print("       output: " + output[-1500:].replace("\n", "\n               "))
        results.setdefault(c["category"], []).append((c, code, not problems))

    table = ["| category | cases | ended as documented | exit codes |", "|---|---:|---:|---|"]
    for category, items in results.items():
        codes = collections.Counter(str(code) for _, code, _ in items)
        table.append(f"| {category} | {len(items)} | {sum(ok for _, _, ok in items)} | "
                     + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())) + " |")
    total = sum(len(v) for v in results.values())
    table.append(f"| **all** | **{total}** | **{total - failures}** | |")
    print("\n".join(table))
    if args.record:
        with open(args.record, "w") as f:
            f.write("\n".join(table) + "\n")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"hostile: kept {tmp}")
    print(f"hostile: {total - failures} of {total} cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
