#!/usr/bin/env bash
# Builds the Debian package flipbench_<version>_amd64.deb from build/ (configured for /usr, then
# built as scripts/build.sh builds it) and checks it with lintian: any error fails the script, the
# warnings kept are listed in packaging/README.md. Prints the package's path as its last line.
#
#   scripts/package-deb.sh          (FLIPBENCH_PACKAGE_BUILD=DIR to package another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FLIPBENCH_PACKAGE_BUILD:-build}
# The install prefix is only read by `install`: the objects in build/ stay valid, nothing recompiles.
cmake -S . -B "$build" -G Ninja -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j "$(nproc)" --target flipbench-cli flipbench flipbench_package_docs
out="$build/package"
rm -rf "$out"
(cd "$build" && cpack -G DEB -B "$PWD/package" >/dev/null)
deb=$(ls "$out"/flipbench_*_amd64.deb)
if command -v lintian >/dev/null; then
  # --fail-on error: warnings are printed, not fatal (packaging/README.md says which and why).
  lintian --fail-on error --no-tag-display-limit "$deb" >&2
else
  echo "package-deb: lintian is not installed (scripts/install-deps.sh installs it); not checked" >&2
fi
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p' >&2
echo "$deb"
