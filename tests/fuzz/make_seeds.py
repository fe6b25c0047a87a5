#!/usr/bin/python3
"""Writes the seed corpus of every fuzz target (tests/fuzz/README.md) into OUT_DIR/<target>/: small
valid inputs of each format, the way users' tools write them (torch.save, numpy.save, PIL), plus
the repository's own JSON examples. Deterministic; run-fuzzers.sh calls it.

    make_seeds.py REPO_ROOT OUT_DIR
"""
import collections
import glob
import io
import json
import os
import shutil
import sys
import zipfile

import numpy as np
import torch
from PIL import Image


def write(out, target, name, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def torch_bytes(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def torch_seeds(out):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(),
                                torch.nn.Linear(2, 3))
    state = model.state_dict()  # an OrderedDict carrying _metadata
    seeds = {
        "state_dict.pth": state,
        "checkpoint.pth.tar": {"epoch": 3, "arch": "resnet18", "best_acc1": 91.5,
                               "state_dict": collections.OrderedDict(("module." + k, v) for k, v in state.items()),
                               "optimizer": torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9).state_dict()},
        "dtypes.pt": {"f16": torch.ones(2, dtype=torch.float16), "f64": torch.zeros(3, dtype=torch.float64),
                      "i64": torch.arange(4), "u8": torch.ones(2, 2, dtype=torch.uint8), "b": torch.tensor([True]),
                      "view": torch.arange(10.0)[2:7:2], "scalar": torch.tensor(1.5)},
        "values.pt": {"none": None, "t": (1, 2.5, "x", False), "l": [1, [2, [3]]], "neg": -7, "big": 2 ** 40},
    }
    for name, obj in seeds.items():
        data = torch_bytes(obj)
        write(out, "torch_file", name, data)
        write(out, "zip_archive", name, data)
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a/data.pkl", b"\x80\x02}q\x00.")
        z.writestr("a/version", b"3\n")
    write(out, "zip_archive", "stored.zip", stored.getvalue())


def npy_seeds(out):
    arrays = {
        "logits.npy": np.arange(30, dtype=np.float32).reshape(10, 3) / 7,
        "labels.npy": np.arange(10, dtype=np.int64) % 3,
        "scalar.npy": np.array(2.5, dtype=np.float32),
        "empty.npy": np.zeros((0, 10), dtype=np.float32),
        "f8.npy": np.ones(4, dtype=np.float64),
        "fortran.npy": np.asfortranarray(np.ones((2, 3), dtype=np.float32)),
        "big-endian.npy": np.ones(3, dtype=">f4"),
    }
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        write(out, "npy", name, buffer.getvalue())


def cifar_seeds(out):
    rng = np.random.default_rng(0)
    records = rng.integers(0, 256, size=(3, 3073), dtype=np.uint8)
    records[:, 0] = [0, 9, 4]
    write(out, "cifar_batch", "data_batch_1.bin", records.tobytes())
    write(out, "cifar_batch", "batches.meta.txt",
          b"airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n")


def image_seeds(out):
    rng = np.random.default_rng(0)
    rgb = Image.fromarray(rng.integers(0, 256, size=(8, 6, 3), dtype=np.uint8), "RGB")
    images = {
        "rgb.png": (rgb, "PNG", {}),
        "grey.png": (rgb.convert("L"), "PNG", {}),
        "palette.png": (rgb.convert("P"), "PNG", {}),
        "rgba.png": (rgb.convert("RGBA"), "PNG", {}),
        "grey16.png": (Image.fromarray((np.arange(48, dtype=np.uint16) * 1000).reshape(8, 6)), "PNG", {}),
        "interlaced.png": (rgb, "PNG", {"interlace": 1}),
        "rgb.jpg": (rgb, "JPEG", {"quality": 90}),
        "grey.jpg": (rgb.convert("L"), "JPEG", {}),
        "progressive.jpg": (rgb, "JPEG", {"progressive": True}),
        "cmyk.jpg": (rgb.convert("CMYK"), "JPEG", {}),
    }
    for name, (image, kind, options) in images.items():
        buffer = io.BytesIO()
        image.save(buffer, kind, **options)
        write(out, "image_decode", name, buffer.getvalue())


def json_seeds(root, out):
    configs = glob.glob(os.path.join(root, "docs/examples/*.json")) + \
        glob.glob(os.path.join(root, "docs/examples/*/*.json"))
    for path in sorted(configs):
        with open(path, "rb") as f:
            data = f.read()
        target = "sweep_spec" if "/sweeps/" in path else "run_config"
        write(out, target, os.path.basename(path), data)
    for path in sorted(glob.glob(os.path.join(root, "tests/data/notebook/*.json"))):
        with open(path, "rb") as f:
            write(out, "notebook_mapping", os.path.basename(path), f.read())


def main():
    root, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    torch_seeds(out)
    npy_seeds(out)
    cifar_seeds(out)
    image_seeds(out)
    json_seeds(root, out)


if __name__ == "__main__":
    main()
