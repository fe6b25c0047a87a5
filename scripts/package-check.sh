#!/usr/bin/env bash
# Builds the Debian package (scripts/package-deb.sh), installs it on this machine with
# `apt-get install ./flipbench_*.deb` and uses the installed programs as a user would: man pages,
# AppStream metainfo and the desktop entry validate, flipbench-cli makes demo data, trains two
# one-epoch runs, compares them and gates one against the other, and the installed GUI binary writes
# the PDF report headless. CI runs it after the main suite (scripts/setup-and-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(bash scripts/package-deb.sh | tail -n 1)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# apt-get wants a path with a slash to take a file; the package's dependencies are already here.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --reinstall "$(realpath "$deb")" >/dev/null

fail() { echo "package-check: $*" >&2; exit 1; }
for file in /usr/bin/flipbench /usr/bin/flipbench-cli /usr/share/applications/flipbench.desktop \
            /usr/share/icons/hicolor/scalable/apps/flipbench.svg /usr/share/man/man1/flipbench-cli.1.gz \
            /usr/share/man/man1/flipbench.1.gz /usr/share/flipbench/presets/cpu-quick.json \
            /usr/share/doc/flipbench/copyright; do
  [ -e "$file" ] || fail "the installed package has no $file"
done
metainfo=$(ls /usr/share/metainfo/*flipbench*.metainfo.xml)
appstreamcli validate --no-net "$metainfo" >/dev/null || fail "appstreamcli rejects $metainfo"
desktop-file-validate /usr/share/applications/flipbench.desktop || fail "desktop-file-validate rejects the entry"
man -w flipbench-cli >/dev/null && man -w flipbench >/dev/null || fail "man does not find the pages"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"   # nothing of the source tree: the installed programs only
flipbench-cli version | head -n 1
flipbench-cli make-demo-data demo --train 600 --test 200 >/dev/null
for seed in 1 2; do
  cat >"run$seed.json" <<JSON
{"name": "installed-s$seed", "data": {"path": "$tmp/demo/cifar-10-batches-bin", "train_limit": 600, "test_limit": 200},
 "model": {"arch": "small_cnn"},
 "train": {"epochs": 1, "batch_size": 64, "lr": 0.05, "seed": $seed, "device": "cpu", "threads": 2}}
JSON
  flipbench-cli train "run$seed.json" --workspace ws >"train$seed.out" 2>"train$seed.err" ||
    { cat "train$seed.err" >&2; fail "the installed flipbench-cli could not train run$seed.json"; }
done
a=$(tail -n 1 train1.out)
b=$(tail -n 1 train2.out)
flipbench-cli compare "$a" "$b" | grep -q "NFR" || fail "compare printed no NFR"
flipbench-cli check "$a" "$b" --max-nfr 100 >/dev/null || fail "check --max-nfr 100 did not pass"
rc=0
flipbench-cli check "$a" "$b" --min-accuracy-delta 101 >/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "check with an impossible rule exited $rc, expected 1"
QT_QPA_PLATFORM=offscreen flipbench report --workspace ws "$(basename "$a")" "$(basename "$b")" -o report.pdf >/dev/null
pdfinfo report.pdf | grep -q "^Pages:" || fail "the installed flipbench wrote no readable report.pdf"
echo "package-check: $(basename "$deb") installs; flipbench-cli trains, compares and gates, flipbench reports"
