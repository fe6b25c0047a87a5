#!/usr/bin/env bash
# Installs the Debian 12 packages Flipbench builds and tests with. Skips apt entirely when all are
# present, so repeated runs (and CI on a prepared machine) cost nothing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache
  libtorch-dev nlohmann-json3-dev
  libboost-dev                # Boost.Math (header-only): the t, binomial and chi-squared distributions of statistics/
  libpng-dev libjpeg62-turbo-dev  # image folders: PNG and JPEG decoding, the libraries Pillow uses
  libcurl4-openssl-dev libssl-dev libarchive-dev  # CIFAR-10 download: HTTP(S), SHA-256, safe .tar.gz unpacking
  qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libqt6svg6 qt6-qpa-plugins  # the window icon is an SVG (Qt image plugin); the X11/Wayland platform plugins
  poppler-utils               # the report tests read the PDFs back (pdftotext, pdfinfo, pdfimages)
  python3-numpy python3-pil   # tests read .npy files back with NumPy; the CIFAR-10 JPEG decoder uses PIL
  python3-torch python3-torchvision  # tests write real torch.save files and check logits against PyTorch
  slurm-wlm munge             # the cluster test runs a one-node SLURM cluster on loopback (tests/cluster/)
  clang                       # tests/fuzz/: libFuzzer targets (clang-14 and its libFuzzer runtime)
  lintian appstream desktop-file-utils man-db  # the Debian package is checked (scripts/package-check.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
