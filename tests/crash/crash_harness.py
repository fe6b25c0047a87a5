#!/usr/bin/python3
"""The crash harness (tests/crash/README.md): kills flipbench-cli (and the desktop binary's headless
report) with SIGKILL at random moments of five operations, then checks what a user would find:

  * every run of the workspace is listed, none "running" (its process is gone), and no file is
    torn: every JSON parses, every metrics.jsonl line parses, every .npy loads, every checkpoint
    and weights file is a whole ZIP (CRCs checked), the report is absent or a whole PDF;
  * doing the operation again (resume, or the same command) ends as an uninterrupted run did,
    bit for bit: logits, labels, weights, metrics (timings aside), the image cache, the unpacked
    data set, the sweep's summary.

Moments are drawn from a seed the harness prints: half of the kills at a random time of the
operation's measured length, half inside the Nth write() to one of the files it writes
(kill_on_write.so, an LD_PRELOAD driver), N drawn from the writes an uninterrupted run makes.

    crash_harness.py --cli flipbench-cli --gui flipbench --preload kill_on_write.so
                     [--kills N] [--seed S] [--only OPERATION]... [--record FILE]

Also "disk-full": a checkpoint write fails for want of space (a file-size limit, and a real full
tmpfs when run as root): the run fails with a message that says so, the previous checkpoint stays
whole, and resume completes it bit-identically once there is space again.
Exit 0 when every kill ended well, 1 otherwise. CTest runs a short version (crash_short).
"""
import argparse
import glob
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
import hashlib

import numpy as np

TIMING_KEYS = {"img_s", "seconds"}


class Harness:
    def __init__(self, args, tmp):
        self.cli = os.path.abspath(args.cli)
        self.gui = os.path.abspath(args.gui) if args.gui else None
        self.preload = os.path.abspath(args.preload)
        self.tmp = tmp
        self.rng = random.Random(args.seed)
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMP_NUM_THREADS="1",
                        XDG_CACHE_HOME=os.path.join(tmp, "xdg-cache"))
        self.env.pop("LD_PRELOAD", None)
        self.partial_appends = 0  # metrics.jsonl lines a kill cut (check_files)

    # ------------------------------------------------------------------ running
    def run(self, argv, env_extra=None, check=None, limit_file_size=None):
        env = dict(self.env, **(env_extra or {}))

        def limits():
            if limit_file_size:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))
        result = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                preexec_fn=limits, timeout=600)
        if check is not None and result.returncode != check:
            raise Failure(f"{' '.join(argv[:3])}... exited {result.returncode}, expected {check}:\n"
                          + result.stdout.decode(errors="replace")[-2000:])
        return result.returncode, result.stdout.decode(errors="replace")

    def count_writes(self, argv, text):
        count_file = os.path.join(self.tmp, "write-count")
        with open(count_file, "w") as f:
            f.write("0\n")
        self.run(argv, {"LD_PRELOAD": self.preload, "FLIPBENCH_KILL_ON_WRITE": f"{text}:0",
                        "FLIPBENCH_WRITE_COUNT_FILE": count_file}, check=0)
        with open(count_file) as f:
            return int(f.read())

    def kill_during(self, argv, mode, length, writes):
        """Starts argv and kills it: mode "time" after a random part of `length` seconds, or
        ("write", TEXT) in a random one of the `writes[TEXT]` writes. Returns a description."""
        if mode == "time":
            delay = self.rng.uniform(0.0, 0.9 * length)  # the last tenth is mostly the process exiting
            process = subprocess.Popen(argv, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=delay)
                return f"time {delay:.2f} s (ended before the kill)", False
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                return f"time {delay:.2f} s", True
        text = mode[1]
        n = self.rng.randint(1, writes[text])
        code, _ = self.run(argv, {"LD_PRELOAD": self.preload, "FLIPBENCH_KILL_ON_WRITE": f"{text}:{n}"})
        return f"write {n}/{writes[text]} to *{text}*", code == -signal.SIGKILL

    # ------------------------------------------------------------------ checks
    def check_workspace(self, ws):
        problems = []
        if os.path.isdir(ws):
            code, out = self.run([self.cli, "list", "--workspace", ws])
            if code != 0:
                problems.append(f"list exited {code}: {out[-300:]}")
            for run in sorted(d for d in os.listdir(ws) if os.path.isfile(os.path.join(ws, d, "config.json"))):
                line = next((l for l in out.splitlines() if l.split()[:1] == [run]), None)
                if line is None:
                    problems.append(f"list does not show the run {run}")
                elif line.split()[1] == "running":
                    problems.append(f"list shows {run} as running although its process is gone")
        partial = []
        problems += check_files(ws, partial)
        self.partial_appends += len(partial)
        return problems

    # ------------------------------------------------------------------ operations
    def demo_data(self):
        data = os.path.join(self.tmp, "data")
        if not os.path.isdir(data):
            self.run([self.cli, "make-demo-data", data, "--train", "300", "--test", "100"], check=0)
        return data

    def train_config(self, epochs=3):
        config = {"name": "crash", "data": {"path": self.demo_data(), "train_limit": 200, "test_limit": 100},
                  "model": {"arch": "small_cnn"},
                  "train": {"epochs": epochs, "batch_size": 50, "lr": 0.05, "seed": 1, "device": "cpu",
                            "threads": 1}}
        path = os.path.join(self.tmp, "crash.json")
        with open(path, "w") as f:
            json.dump(config, f)
        return path

    def op_train(self):
        config = self.train_config()
        reference = os.path.join(self.tmp, "train-reference")
        argv = lambda ws: [self.cli, "train", config, "--workspace", ws]
        start = time.monotonic()
        self.run(argv(reference), check=0)
        length = time.monotonic() - start
        texts = ["checkpoint/", "metrics.jsonl", "status.json", "logits.npy", "final.pt"]
        writes = {t: self.count_writes(argv(os.path.join(self.tmp, f"count-train-{i}")), t) for i, t in enumerate(texts)}

        def trial(ws):
            run = os.path.join(ws, "crash")
            problems = self.check_workspace(ws)
            if not os.path.isfile(os.path.join(run, "config.json")):
                shutil.rmtree(ws, ignore_errors=True)  # killed before the run existed: train again
                self.run(argv(ws), check=0)
            elif run_state(run) != "completed":
                self.run([self.cli, "resume", run], check=0)
            return problems + compare_runs(os.path.join(reference, "crash"), run) + self.check_workspace(ws)
        return argv, length, texts, writes, trial

    def op_import_images(self):
        source = os.path.join(self.tmp, "images")
        if not os.path.isdir(source):
            from PIL import Image
            rng = np.random.default_rng(5)
            for split, count in (("train", 40), ("test", 15)):
                for label in ("cat", "dog", "ship"):
                    folder = os.path.join(source, split, label)
                    os.makedirs(folder)
                    for i in range(count):
                        Image.fromarray(rng.integers(0, 256, size=(32, 32, 3), dtype=np.uint8)).save(
                            os.path.join(folder, f"{i:03d}.png"))
        reference = os.path.join(self.tmp, "images-reference")
        shutil.copytree(source, reference, copy_function=shutil.copy2)
        argv = lambda root: [self.cli, "import-images", root, "--threads", "1"]
        start = time.monotonic()
        self.run(argv(reference), check=0)
        length = time.monotonic() - start
        texts = [".flipbench-cache"]
        counting = os.path.join(self.tmp, "images-count")
        shutil.copytree(source, counting, copy_function=shutil.copy2)
        writes = {t: self.count_writes(argv(counting), t) for t in texts}

        def prepare(root):
            shutil.copytree(source, root, copy_function=shutil.copy2)

        def trial(root):
            problems = check_files(os.path.join(root, ".flipbench-cache"))
            self.run(argv(root), check=0)
            return problems + compare_trees(os.path.join(reference, ".flipbench-cache"),
                                            os.path.join(root, ".flipbench-cache"))
        return argv, length, texts, writes, trial, prepare

    def op_download(self):
        data = self.demo_data()
        archive = os.path.join(self.tmp, "cifar-10-binary.tar.gz")
        if not os.path.exists(archive):
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(os.path.join(data, "cifar-10-batches-bin"), arcname="cifar-10-batches-bin")
        with open(archive, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        argv = lambda dest: [self.cli, "download-cifar10", dest, "--url", archive, "--sha256", digest]
        reference = os.path.join(self.tmp, "download-reference")
        start = time.monotonic()
        self.run(argv(reference), check=0)
        length = time.monotonic() - start
        texts = [".part", "cifar-10-batches-bin/"]
        writes = {t: self.count_writes(argv(os.path.join(self.tmp, f"count-dl-{i}")), t) for i, t in enumerate(texts)}

        def trial(dest):
            problems = []
            self.run(argv(dest), check=0)
            return problems + compare_trees(os.path.join(reference, "cifar-10-batches-bin"),
                                            os.path.join(dest, "cifar-10-batches-bin"))
        return argv, length, texts, writes, trial

    def op_report(self):
        if not self.gui:
            raise Skip("no desktop binary given (--gui): the report is made by it")
        ws = os.path.join(self.tmp, "report-ws")
        if not os.path.isdir(ws):
            config = self.train_config(epochs=1)
            self.run([self.cli, "train", config, "--workspace", ws], check=0)
            with open(config) as f:
                second = json.load(f)
            second["name"], second["train"]["seed"] = "crash-new", 2
            with open(config, "w") as f:
                json.dump(second, f)
            self.run([self.cli, "train", config, "--workspace", ws], check=0)
        argv = lambda out: [self.gui, "report", "--workspace", ws, "crash", "crash-new", "-o",
                            os.path.join(out, "report.pdf")]
        reference = os.path.join(self.tmp, "report-reference")
        os.makedirs(reference, exist_ok=True)
        start = time.monotonic()
        self.run(argv(reference), check=0)
        length = time.monotonic() - start
        reference_pages = pdf_pages(os.path.join(reference, "report.pdf"))
        texts = ["report.pdf"]
        counting = os.path.join(self.tmp, "report-count")
        os.makedirs(counting, exist_ok=True)
        writes = {t: self.count_writes(argv(counting), t) for t in texts}
        before = tree_state(ws)

        def prepare(out):
            os.makedirs(out)

        def trial(out):
            problems = []
            pdf = os.path.join(out, "report.pdf")
            if os.path.exists(pdf) and pdf_pages(pdf) != reference_pages:
                problems.append("a torn report.pdf was left behind")
            if tree_state(ws) != before:
                problems.append("the report wrote into the workspace")
            self.run(argv(out), check=0)
            if pdf_pages(pdf) != reference_pages:
                problems.append("the report made again is not whole")
            return problems
        return argv, length, texts, writes, trial, prepare

    def op_sweep(self):
        data = self.demo_data()
        spec = {"name": "cs", "base": {"data": {"path": data, "train_limit": 200, "test_limit": 100},
                                        "model": {"arch": "small_cnn"},
                                        "train": {"epochs": 1, "batch_size": 50, "lr": 0.05, "device": "cpu",
                                                  "threads": 1}},
                "old": "@old", "baseline": "base",
                "arms": [{"label": "old", "seeds": [100]},
                         {"label": "base", "seeds": [1]},
                         {"label": "fd", "seeds": [1], "reference": ["@old"], "set": {"method.name": "fd"}}]}
        path = os.path.join(self.tmp, "sweep.json")
        with open(path, "w") as f:
            json.dump(spec, f)
        argv = lambda ws: [self.cli, "sweep", path, "--workspace", ws]
        reference = os.path.join(self.tmp, "sweep-reference")
        start = time.monotonic()
        self.run(argv(reference), check=0)
        length = time.monotonic() - start
        _, reference_summary = self.run([self.cli, "summary", "--workspace", reference, "--json"], check=0)
        texts = ["sweeps/", "status.json", "logits.npy"]
        writes = {t: self.count_writes(argv(os.path.join(self.tmp, f"count-sw-{i}")), t) for i, t in enumerate(texts)}

        def trial(ws):
            problems = self.check_workspace(ws)
            self.run(argv(ws), check=0)
            _, summary = self.run([self.cli, "summary", "--workspace", ws, "--json"], check=0)
            if summary != reference_summary:
                problems.append("the sweep's summary differs from an uninterrupted sweep's")
            for run in sorted(glob.glob(os.path.join(reference, "cs-*"))):
                problems += compare_runs(run, os.path.join(ws, os.path.basename(run)))
            return problems + self.check_workspace(ws)
        return argv, length, texts, writes, trial

    # ------------------------------------------------------------------ disk full
    def disk_full(self, kills):
        """A checkpoint write that fails for want of space, with a file-size limit (anyone) and a
        full tmpfs (root only)."""
        results = []
        config = self.train_config()
        reference = os.path.join(self.tmp, "train-reference", "crash")
        if not os.path.isdir(reference):
            self.run([self.cli, "train", config, "--workspace", os.path.dirname(reference)], check=0)
        variants = ["file-size limit"]
        if os.geteuid() == 0 and shutil.which("mount"):
            variants.append("full tmpfs")
        for variant in variants:
            for attempt in range(kills):
                base = os.path.join(self.tmp, f"disk-{variant.split()[-1]}-{attempt}")
                os.makedirs(base)
                mounted = False
                if variant == "full tmpfs":
                    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", base]).returncode != 0:
                        results.append((variant, "tmpfs cannot be mounted here: skipped", True))
                        break
                    mounted = True
                try:
                    results.append((variant, *self.disk_full_once(config, reference, base, variant, attempt)))
                finally:
                    if mounted:
                        subprocess.run(["umount", base])
        return results

    def disk_full_once(self, config, reference, base, variant, attempt):
        ws = os.path.join(base, "ws")
        run = os.path.join(ws, "crash")
        # Epoch 1 checkpointed, then killed as epoch 2's checkpoint starts.
        self.run([self.cli, "train", config, "--workspace", ws],
                 {"LD_PRELOAD": self.preload, "FLIPBENCH_KILL_ON_WRITE": "checkpoint/model-e2:1"})
        filler = os.path.join(base, "filler")
        limit = None
        if variant == "full tmpfs":
            free = shutil.disk_usage(base).free
            with open(filler, "wb") as f:
                f.write(b"\0" * max(free - (100 + 50 * attempt) * 1024, 0))
        else:
            limit = (100 + 50 * attempt) * 1024  # below a checkpoint's 390 KB, above every JSON file
        code, out = self.run([self.cli, "resume", run], limit_file_size=limit)
        problems = []
        if code != 1:
            problems.append(f"resume with no space exited {code}, expected 1 (run failed)")
        said = [w for w in ("No space left on device", "File too large", "disk is full") if w in out]
        if not said:
            problems.append("its message does not say that space ran out: " + out.strip().splitlines()[-1][:200])
        state = json.load(open(os.path.join(run, "checkpoint", "state.json")))
        if state.get("epochs_done") != 1:
            problems.append(f"checkpoint/state.json says {state.get('epochs_done')} epochs, expected 1")
        problems += check_files(ws)
        if glob.glob(os.path.join(run, "**", "*.tmp-*"), recursive=True):
            problems.append("a temporary file was left behind")
        if os.path.exists(filler):
            os.remove(filler)
        self.run([self.cli, "resume", run], check=0)
        problems += compare_runs(reference, run)
        message = next((l for l in out.splitlines() if "space" in l or "large" in l or "full" in l), "")
        return f"attempt {attempt + 1}: {message.strip()[:150]}", not problems, problems


class Failure(Exception):
    pass


class Skip(Exception):
    pass


# ---------------------------------------------------------------------- file checks
def check_files(folder, partial_appends=None):
    """Every file a reader would open must be whole; temporaries (*.tmp-HOST-PID) are skipped,
    as every reader skips them. metrics.jsonl is appended to, not replaced: a kill inside an append
    (Linux cuts a write only between pages, or a full disk does) may leave a partial last line,
    which its reader skips and resume removes; those are counted in `partial_appends`, and any
    other line that does not parse is a torn file."""
    problems = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*"), recursive=True)):
        name = os.path.basename(path)
        if ".tmp-" in name or not os.path.isfile(path):
            continue
        try:
            if name.endswith(".json"):
                with open(path) as f:
                    json.load(f)
            elif name.endswith(".jsonl"):
                with open(path) as f:
                    lines = f.read().split("\n")
                for number, line in enumerate(lines):
                    if number == len(lines) - 1 and line and partial_appends is not None:
                        partial_appends.append(os.path.relpath(path, folder))  # no newline yet
                    elif line:
                        json.loads(line)
            elif name.endswith(".npy"):
                np.load(path)
            elif name.endswith(".pt"):
                with zipfile.ZipFile(path) as z:
                    bad = z.testzip()
                    if bad:
                        raise ValueError(f"member {bad} has a bad CRC")
        except Exception as e:
            problems.append(f"{os.path.relpath(path, folder)} is torn: {e}")
    return problems


def run_state(run):
    try:
        with open(os.path.join(run, "status.json")) as f:
            return json.load(f).get("state")
    except (OSError, ValueError):
        return None


def metrics_without_timings(run):
    records = []
    with open(os.path.join(run, "metrics.jsonl")) as f:
        for line in f:
            record = json.loads(line)
            records.append({k: v for k, v in record.items() if k not in TIMING_KEYS})
    return records


def compare_runs(reference, run):
    problems = []
    for name in ("logits.npy", "labels.npy", "final.pt"):
        a, b = os.path.join(reference, name), os.path.join(run, name)
        if not os.path.exists(b):
            problems.append(f"{name} is missing after resuming")
        elif open(a, "rb").read() != open(b, "rb").read():
            problems.append(f"{name} differs from an uninterrupted run's")
    if os.path.exists(os.path.join(run, "metrics.jsonl")) and \
            metrics_without_timings(reference) != metrics_without_timings(run):
        problems.append("metrics.jsonl (timings aside) differs from an uninterrupted run's")
    if run_state(run) != "completed":
        problems.append(f"the run ended {run_state(run)}, not completed")
    return problems


def tree_state(folder):
    return {os.path.relpath(p, folder): (os.path.getsize(p), os.path.getmtime(p))
            for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True) if os.path.isfile(p)}


def compare_trees(reference, folder):
    problems = []
    for path in sorted(glob.glob(os.path.join(reference, "**", "*"), recursive=True)):
        if not os.path.isfile(path):
            continue
        relative = os.path.relpath(path, reference)
        other = os.path.join(folder, relative)
        if not os.path.isfile(other):
            problems.append(f"{relative} is missing")
        elif relative != "manifest.json" and open(path, "rb").read() != open(other, "rb").read():
            problems.append(f"{relative} differs from an uninterrupted run's")
    return problems


def pdf_pages(path):
    result = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if result.returncode != 0:
        return None
    for line in result.stdout.decode(errors="replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


OPERATIONS = {"train": "op_train", "import-images": "op_import_images", "download": "op_download",
              "report": "op_report", "sweep": "op_sweep"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--gui")
    parser.add_argument("--preload", required=True)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--record")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 10 ** 6)
    print(f"crash: seed {args.seed} (rerun these moments with --seed {args.seed}), {args.kills} kills per operation")
    tmp = tempfile.mkdtemp(prefix="flipbench-crash-")
    harness = Harness(args, tmp)
    wanted = args.only or list(OPERATIONS) + ["disk-full"]
    rows = []
    failures = 0
    for operation in wanted:
        if operation == "disk-full":
            tally = {}
            for variant, what, ok, *rest in harness.disk_full(max(1, min(args.kills, 3))):
                print(f"{'ok  ' if ok else 'FAIL'} disk-full ({variant}) {what}")
                for p in (rest[0] if rest else []):
                    print(f"       {p}")
                failures += 0 if ok else 1
                attempts, failed = tally.get(variant, (0, 0))
                tally[variant] = (attempts + 1, failed + (0 if ok else 1))
            rows += [(f"disk-full ({variant})", n, f, 0) for variant, (n, f) in tally.items()]
            continue
        try:
            setup = getattr(harness, OPERATIONS[operation])()
        except Skip as skip:
            print(f"SKIP {operation}: {skip}")
            continue
        argv, length, texts, writes, trial = setup[:5]
        prepare = setup[5] if len(setup) > 5 else None
        modes = ["time"] + [("write", t) for t in texts if writes[t] > 0]
        killed = failed = survived = 0
        # Until `kills` processes were really killed: one that ends before its moment is counted
        # apart and drawn again (at most three times as many attempts).
        i = -1
        while killed < args.kills and i + 1 < 3 * args.kills:
            i += 1
            target = os.path.join(tmp, f"{operation}-{i}")
            if prepare:
                prepare(target)
            mode = "time" if i % 2 == 0 or len(modes) == 1 else modes[1 + (i // 2) % (len(modes) - 1)]
            what, was_killed = harness.kill_during(argv(target), mode, length, writes)
            try:
                problems = trial(target)
            except Failure as e:
                problems = [str(e)]
            killed += was_killed
            survived += not was_killed
            failed += bool(problems)
            print(f"{'ok  ' if not problems else 'FAIL'} {operation:<14} kill {i + 1:2d}: {what}")
            for p in problems:
                print(f"       {p}")
            if not args.keep:
                shutil.rmtree(target, ignore_errors=True)
        failures += failed
        rows.append((operation, killed, failed, survived))
        print(f"crash: {operation}: {killed} kills, {survived} ended before their moment, {failed} failures "
              f"(an uninterrupted run takes {length:.1f} s; writes counted: "
              + ", ".join(f"{t} {n}" for t, n in writes.items()) + ")")
    table = ["| operation | kills (disk full: attempts) | ended before the kill (drawn again) | failures |",
             "|---|---:|---:|---:|"]
    table += [f"| {op} | {k} | {s} | {f} |" for op, k, f, s in rows]
    print("\n".join(table))
    if args.record:
        with open(args.record, "w") as f:
            f.write(f"Seed {args.seed}, {args.kills} kills per operation.\n\n" + "\n".join(table) + "\n")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"crash: kept {tmp}")
    print(f"crash: {failures} failures; {harness.partial_appends} times a kill left a partial last line in "
          "metrics.jsonl (skipped by its reader, removed by resume)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
