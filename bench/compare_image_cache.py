#!/usr/bin/env python3
"""Checks that Flipbench's image-folder cache holds the same images as a CIFAR-10 binary folder.

Usage: compare_image_cache.py IMAGE_ROOT CIFAR_BINARY_DIR
Both store records of 1 label byte + 3072 pixel bytes, but in different orders (each shuffled with
its own fixed seed), so the records are compared as multisets: equal means every image decoded to
the same pixels with the same label. Exit code 0 when both splits are identical. Needs NumPy.
"""
import json
import os
import sys

import numpy as np


def records(path):
    return np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)


def as_sorted_bytes(rows):
    return np.sort(np.ascontiguousarray(rows).view("S3073").ravel())


def main(root, binary):
    cache = os.path.join(root, ".flipbench-cache")
    manifest = json.load(open(os.path.join(cache, "manifest.json")))
    identical = True
    for split, files in (("train", [f"data_batch_{i}.bin" for i in range(1, 6)]), ("test", ["test_batch.bin"])):
        ours = records(os.path.join(cache, manifest["splits"][split]["file"]))
        theirs = np.concatenate([records(os.path.join(binary, f)) for f in files])
        same = ours.shape == theirs.shape and np.array_equal(as_sorted_bytes(ours), as_sorted_bytes(theirs))
        print(f"{split}: {len(ours)} cached records, {len(theirs)} binary records; identical (label + pixels): {same}")
        identical &= same
    return 0 if identical else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
