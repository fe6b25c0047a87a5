#!/usr/bin/env bash
# Real-data check of image folders (issue 7): the CIFAR-10 JPEG copy imported as an image folder,
# compared pixel by pixel with the binary form Pillow decodes (../shared/data/cifar10-to-bin.py),
# and small_cnn trained on both with the recipe of docs/real-data.md (10,000 training images,
# 8 epochs, the first 2,000 test images), seeds 1 and 2.
#
# Usage: bench/image_folder_check.sh BUILD_DIR [WORK_DIR]
#   IMAGE_ROOT  the unpacked archive (default WORK_DIR/c10jpeg, unpacked when missing)
#   BINARY_DIR  its binary form (default WORK_DIR/c10/cifar-10-batches-bin, made when missing)
#   SEEDS       default "1 2"
set -euo pipefail
build=$(realpath "${1:?usage: bench/image_folder_check.sh BUILD_DIR [WORK_DIR]}")
work=${2:-/tmp/flipbench-image-folder-check}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$(realpath "$here/../shared/data")
cli=$build/app/flipbench-cli
root=${IMAGE_ROOT:-$work/c10jpeg}
binary=${BINARY_DIR:-$work/c10/cifar-10-batches-bin}
mkdir -p "$work"

if [ ! -d "$root/train" ]; then
  mkdir -p "$root" && tar -xJf "$data/cifar10-jpeg.tar.xz" -C "$root"
fi
[ -f "$binary/test_batch.bin" ] || /usr/bin/python3 "$data/cifar10-to-bin.py" "$data/cifar10-jpeg.tar.xz" "$(dirname "$binary")"
echo "files: $(find "$root/train" "$root/test" -type f | wc -l) in $root"

echo "== first import (no cache)"
rm -rf "$root/.flipbench-cache"
"$cli" import-images "$root" 2>/dev/null
echo "== second import (cache reused)"
"$cli" import-images "$root" 2>/dev/null | sed -n 2p
echo "== pixels against the binary form decoded by Pillow"
/usr/bin/python3 "$here/bench/compare_image_cache.py" "$root" "$binary"

echo "== small_cnn, image folder vs binary form"
for seed in ${SEEDS:-1 2}; do
  for kind in images binary; do
    dir=$root; [ "$kind" = binary ] && dir=$binary
    ws=$work/ws-$kind
    rm -rf "$ws/c10-small_cnn-seed$seed"
    run=$("$cli" train "$here/docs/examples/cifar10-small_cnn-seed$seed.json" --workspace "$ws" --data "$dir" 2>/dev/null | tail -1)
    echo "seed $seed, $kind: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["message"])' "$run/status.json")" \
         "fingerprint $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fingerprint"])' "$run/dataset.json")"
  done
done
