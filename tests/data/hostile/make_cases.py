#!/usr/bin/python3
"""The hostile-input corpus (tests/data/hostile/README.md): writes every case into OUT_DIR and
OUT_DIR/cases.json, the list check_hostile_inputs.py runs. Files are generated, not committed, since
several are large on purpose (a 100 MB string, a zip bomb, a decompression bomb); the script is
deterministic, so a case's bytes are the same on every machine.

    make_cases.py OUT_DIR DATA_DIR

DATA_DIR is a valid data folder (make-demo-data) the configs train on when nothing is wrong.

Each case names the command that reads it (placeholders: {ws} the workspace, {data} a valid demo
data folder (DATA_DIR), {run} a valid completed run of {ws}, {case} the case's file or folder, {out} a
folder the command may be asked to write into), the exit code it must end with and text its error
must contain. Every case's error must also name the file it is about (the driver checks that the
case's file name appears), unless the case says otherwise with "names": null.
"""
import collections
import gzip
import hashlib
import io
import json
import os
import shutil
import struct
import sys
import tarfile
import zipfile
import zlib

import numpy as np
import torch
from PIL import Image

OUT = None
CASES = []
DATA_ERROR = 2  # README "Exit codes": 2 for a usage, config or data error


def case(name, category, argv, expect, path, exit_code=DATA_ERROR, names=None):
    """Registers a case. `path` is the hostile file or folder (relative to OUT); `names` is the text
    the error must contain to name it (its base name by default)."""
    CASES.append({"name": name, "category": category, "argv": argv, "exit": exit_code,
                  "expect": expect, "file": path,
                  "names": os.path.basename(path.rstrip("/")) if names is None else names})


def write(relative, data):
    path = os.path.join(OUT, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return relative


# ---------------------------------------------------------------- configs, notebook dictionaries

VALID_CONFIG = {
    "name": "hostile", "data": {"path": "{data}", "train_limit": 200, "test_limit": 100},
    "model": {"arch": "small_cnn"},
    "train": {"epochs": 1, "batch_size": 50, "lr": 0.05, "seed": 1, "device": "cpu", "threads": 1},
}


def config_with(path, value):
    config = json.loads(json.dumps(VALID_CONFIG))
    node = config
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return config


def config_cases():
    def train_case(name, text, expect):
        file = write(f"config/{name}.json", text)
        case(name, "run config", ["train", "{case}", "--workspace", "{ws}"], expect, file)

    dump = lambda c: json.dumps(c)
    train_case("config-not-json", "{\"name\": \"x\", ", ["not valid JSON"])
    train_case("config-empty", "", ["not valid JSON"])
    train_case("config-array", "[1, 2, 3]", ["object"])
    train_case("config-lr-string", dump(config_with("train.lr", "fast")), ["train.lr"])
    train_case("config-epochs-negative", dump(config_with("train.epochs", -3)), ["train.epochs"])
    train_case("config-epochs-float", dump(config_with("train.epochs", 2.5)), ["train.epochs"])
    train_case("config-batch-zero", dump(config_with("train.batch_size", 0)), ["train.batch_size"])
    train_case("config-lr-zero", dump(config_with("train.lr", 0)), ["train.lr"])
    train_case("config-unknown-key", dump(dict(VALID_CONFIG, trian={"epochs": 1})), ["trian"])
    train_case("config-unknown-arch", dump(config_with("model.arch", "resnet9000")), ["model.arch"])
    train_case("config-epochs-huge", dump(config_with("train.epochs", 10 ** 18)), ["train.epochs"])
    train_case("config-number-overflow", dump(VALID_CONFIG).replace("\"lr\": 0.05", "\"lr\": 1" + "0" * 400),
               ["not valid JSON", "number overflow"])
    train_case("config-integer-overflow", dump(VALID_CONFIG).replace("\"epochs\": 1", "\"epochs\": 9" * 1 + "9" * 40),
               ["train.epochs"])
    train_case("config-nan-literal", dump(VALID_CONFIG).replace("0.05", "NaN"), ["not valid JSON"])
    train_case("config-infinity-literal", dump(VALID_CONFIG).replace("0.05", "Infinity"), ["not valid JSON"])
    train_case("config-deep-nesting", "{\"name\": " + "[" * 100000 + "]" * 100000 + "}", ["nests deeper than 64"])
    train_case("config-deep-nesting-unclosed", "[" * 200000, ["not valid JSON"])
    train_case("config-huge-string", dump(config_with("name", "a" * (100 << 20))), ["name: at most 160 characters"])
    train_case("config-nul-in-name", dump(config_with("name", "a\u0000b")), ["name: control characters"])
    train_case("config-threads-huge", dump(config_with("train.threads", 100000)), ["train.threads"])
    train_case("config-data-missing", dump(config_with("data.path", "/nonexistent/hostile")), ["does not exist"])
    CASES[-1]["names"] = "/nonexistent/hostile"  # the problem is the folder it names
    train_case("config-test-limit-negative", dump(config_with("data.test_limit", -1)), ["data.test_limit"])
    train_case("config-duplicate-keys", "{\"name\": \"a\", \"name\": \"b\"," + dump(VALID_CONFIG)[1:], ["\"name\" appears twice"])

    def notebook_case(name, value, expect):
        file = write(f"notebook/{name}.json", json.dumps(value) if not isinstance(value, str) else value)
        case(name, "notebook dictionary",
             ["train", "--hyperparameters", "{case}", "--workspace", "{ws}", "--data", "{data}"], expect, file)

    notebook = {"epochs": 1, "arch": "resnet18", "batch-size": 128, "lr": 0.01, "seed": 1}
    notebook_case("notebook-unknown-key", dict(notebook, epochz=3), ["hyperparameters.epochz"])
    notebook_case("notebook-lr-string", dict(notebook, lr="0.1x"), ["hyperparameters.lr"])
    notebook_case("notebook-epochs-huge", dict(notebook, epochs=10 ** 30), ["hyperparameters.epochs"])
    notebook_case("notebook-not-object", "\"resnet18\"", ["object"])


def sweep_cases():
    base = json.loads(json.dumps(VALID_CONFIG))
    del base["name"]
    del base["train"]["seed"]

    def sweep_case(name, spec, expect):
        file = write(f"sweep/{name}.json", spec if isinstance(spec, str) else json.dumps(spec))
        case(name, "sweep spec", ["sweep", "{case}", "--workspace", "{ws}"], expect, file)

    spec = {"name": "hs", "base": base, "arms": [{"label": "base", "seeds": [1, 2]}]}
    sweep_case("sweep-not-json", "{\"name\": ", ["not valid JSON"])
    sweep_case("sweep-arms-not-list", dict(spec, arms={"label": "x"}), ["arms"])
    sweep_case("sweep-seeds-strings", dict(spec, arms=[{"label": "base", "seeds": ["one"]}]), ["seeds"])
    sweep_case("sweep-unknown-key", dict(spec, armz=[]), ["armz"])
    sweep_case("sweep-grid-explosion",
               dict(spec, arms=[{"label": "base", "seeds": list(range(1, 101)),
                                 "grid": {"train.lr": [0.01 * i for i in range(1, 101)],
                                          "train.momentum": [0.001 * i for i in range(100)],
                                          "train.weight_decay": [1e-5 * i for i in range(100)]}}]),
               ["more than 10000 runs"])
    sweep_case("sweep-grid-unknown-field", dict(spec, arms=[{"label": "base", "seeds": [1],
                                                             "grid": {"train.lrr": [0.1]}}]), ["train.lrr"])
    sweep_case("sweep-base-missing-file", dict(spec, base="no-such-base.json"), ["no-such-base.json"])
    sweep_case("sweep-number-overflow", json.dumps(spec).replace("[1, 2]", "[1" + "0" * 400 + "]"),
               ["not valid JSON", "number overflow"])
    sweep_case("sweep-reference-unknown", dict(spec, arms=[{"label": "fd", "seeds": [1], "reference": ["@nobody"]}]),
               ["@nobody"])
    sweep_case("sweep-deep-nesting", "{\"name\": \"hs\", \"arms\": " + "[" * 100000 + "]" * 100000 + "}", ["nests deeper than 64"])
    sweep_case("sweep-huge-label", dict(spec, arms=[{"label": "x" * (100 << 20), "seeds": [1]}]), ["at most 48 characters"])


# ---------------------------------------------------------------- CIFAR-10 binary batches

CLASSES = b"airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"


def cifar_folder(name, files):
    """A cifar-10-batches-bin folder with 5 tiny valid training batches, a test batch and the
    class names, then `files` (name -> bytes, or None to delete) applied."""
    rng = np.random.default_rng(1)
    folder = f"cifar/{name}/cifar-10-batches-bin"
    content = {}
    for i in range(1, 6):
        records = rng.integers(0, 256, size=(40, 3073), dtype=np.uint8)
        records[:, 0] = np.arange(40) % 10
        content[f"data_batch_{i}.bin"] = records.tobytes()
    records = rng.integers(0, 256, size=(20, 3073), dtype=np.uint8)
    records[:, 0] = np.arange(20) % 10
    content["test_batch.bin"] = records.tobytes()
    content["batches.meta.txt"] = CLASSES
    content.update(files)
    for file, data in content.items():
        if data is not None:
            write(f"{folder}/{file}", data)
    return f"cifar/{name}"


def cifar_cases():
    valid_record = bytes([3]) + bytes(3072)

    def cifar_case(name, files, expect, names):
        folder = cifar_folder(name, files)
        config = write(f"cifar/{name}.json", json.dumps(config_with("data.path", os.path.join(OUT, folder))))
        case(name, "CIFAR-10 batches", ["train", os.path.join(OUT, config), "--workspace", "{ws}"], expect, folder,
             names=names)

    cifar_case("cifar-batch-partial-record", {"data_batch_3.bin": valid_record * 4 + b"\x01\x02"},
               ["data_batch_3.bin"], "data_batch_3.bin")
    cifar_case("cifar-batch-empty", {"data_batch_1.bin": b""}, ["data_batch_1.bin"], "data_batch_1.bin")
    cifar_case("cifar-label-out-of-range", {"test_batch.bin": bytes([200]) + bytes(3072)}, ["test_batch.bin"],
               "test_batch.bin")
    cifar_case("cifar-test-missing", {"test_batch.bin": None}, ["test_batch.bin"], "test_batch.bin")
    cifar_case("cifar-meta-three-classes", {"batches.meta.txt": b"cat\ndog\nbird\n"}, ["names 3 classes"],
               "batches.meta.txt")
    cifar_case("cifar-meta-binary", {"batches.meta.txt": bytes(range(256)) * 4}, ["not a class name"],
               "batches.meta.txt")
    cifar_case("cifar-meta-empty", {"batches.meta.txt": b"\n\n"}, ["batches.meta.txt"], "batches.meta.txt")
    cifar_case("cifar-python-pickle-batch", {"data_batch_2.bin": b"\x80\x02}q\x00." + bytes(3066)},
               ["data_batch_2.bin"], "data_batch_2.bin")


# ---------------------------------------------------------------- .npy (a run folder's arrays)

def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npy_header(header, version=(1, 0), data=b""):
    text = header.encode("latin1")
    if version[0] == 1:
        return b"\x93NUMPY" + bytes(version) + struct.pack("<H", len(text)) + text + data
    return b"\x93NUMPY" + bytes(version) + struct.pack("<I", len(text)) + text + data


def npy_cases():
    good = npy_bytes(np.zeros((20, 10), dtype=np.float32))

    def npy_case(name, data):
        file = write(f"npy/{name}/logits.npy", data)
        case(name, "npy", ["compare", "{run}", os.path.join(OUT, f"npy/{name}")], [], file, names="logits.npy")
        CASES[-1]["run_copy"] = f"npy/{name}"  # the driver copies {run}'s other files beside it

    npy_case("npy-bad-magic", b"\x93NUMPZ" + good[6:])
    npy_case("npy-empty", b"")
    npy_case("npy-version-2", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (20, 10), }", (2, 0),
                                         bytes(800)))
    npy_case("npy-version-3", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (20, 10), }", (3, 0),
                                         bytes(800)))
    npy_case("npy-fortran-order", npy_bytes(np.asfortranarray(np.zeros((20, 10), dtype=np.float32))))
    npy_case("npy-big-endian", npy_bytes(np.zeros((20, 10), dtype=">f4")))
    npy_case("npy-float64", npy_bytes(np.zeros((20, 10), dtype=np.float64)))
    npy_case("npy-object-dtype", npy_header("{'descr': '|O', 'fortran_order': False, 'shape': (20, 10), }"))
    npy_case("npy-shape-overflow", npy_header("{'descr': '<f4', 'fortran_order': False, "
                                              "'shape': (4294967296, 4294967296, 16), }", data=bytes(64)))
    npy_case("npy-shape-negative", npy_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-20, 10), }",
                                              data=bytes(800)))
    npy_case("npy-truncated-data", good[:len(good) - 100])
    npy_case("npy-header-length-beyond-file", b"\x93NUMPY\x01\x00\xff\xff{'descr'")
    npy_case("npy-header-garbage", npy_header("import os; os.system('echo pwned')", data=bytes(800)))
    npy_case("npy-wrong-rows", npy_bytes(np.zeros((7, 10), dtype=np.float32)))


# ---------------------------------------------------------------- torch.save files

def pickle_zip(pickle_bytes, storages=None, extra=None, prefix="archive"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{prefix}/data.pkl", pickle_bytes)
        for key, data in (storages or {}).items():
            z.writestr(f"{prefix}/data/{key}", data)
        z.writestr(f"{prefix}/version", b"3\n")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def unicode(text):
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def tensor_pickle(offset, sizes, strides, numel=4):
    """A one-tensor dict {"w": tensor} the way torch.save pickles it (protocol 2)."""
    def ints(values):
        return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in values) + b"t"
    persistent = b"(" + unicode("storage") + b"ctorch\nFloatStorage\n" + unicode("0") + unicode("cpu") + \
        b"J" + struct.pack("<i", numel) + b"tQ"
    return (b"\x80\x02}(" + unicode("w") + b"ctorch._utils\n_rebuild_tensor_v2\n(" + persistent +
            b"J" + struct.pack("<i", offset) + ints(sizes) + ints(strides) + b"\x89" +
            b"ccollections\nOrderedDict\n)R" + b"tRu.")


def torch_cases():
    def model_case(name, data, expect=()):
        file = write(f"torch/{name}.pth", data)
        case(name, "torch.save file",
             ["import-model", "{case}", "--workspace", "{ws}", "--data", "{data}", "--arch", "small_cnn"],
             list(expect), file)

    floats = struct.pack("<4f", 1, 2, 3, 4)
    model_case("torch-valid-tensor-wrong-keys", pickle_zip(tensor_pickle(0, [2, 2], [2, 1]), {"0": floats}))
    model_case("torch-view-beyond-storage", pickle_zip(tensor_pickle(2, [3], [1]), {"0": floats}), ["storage"])
    model_case("torch-offset-huge", pickle_zip(tensor_pickle(2 ** 31 - 1, [1], [1]), {"0": floats}), ["storage"])
    model_case("torch-stride-zero-bomb", pickle_zip(tensor_pickle(0, [2 ** 31 - 1, 2 ** 31 - 1], [0, 0]), {"0": floats}),
               ["storage"])
    model_case("torch-negative-size", pickle_zip(tensor_pickle(0, [-1], [1]), {"0": floats}))
    model_case("torch-storage-missing", pickle_zip(tensor_pickle(0, [2], [1])))
    # Found by fuzz_torch_file: a storage member shorter than one element (memcpy from null), and one
    # whose size disagrees with the element count its record claims.
    model_case("torch-storage-empty", pickle_zip(tensor_pickle(0, [0], [1], numel=0), {"0": b"\x01"}), ["storage 0"])
    model_case("torch-storage-size-mismatch", pickle_zip(tensor_pickle(0, [2], [1], numel=1000), {"0": floats}),
               ["1000"])
    model_case("torch-os-system", pickle_zip(b"\x80\x02cos\nsystem\n(" + unicode("touch /tmp/flipbench-pwned") + b"tR."))
    model_case("torch-unsupported-opcode-inst", pickle_zip(b"(i__main__\nEvil\n."))
    model_case("torch-unsupported-opcode-ext1", pickle_zip(b"\x80\x02\x82\x01."))
    # Refused, and freed: the first sanitized run of this corpus found them leaking (a cycle of
    # shared_ptr), which is why the unpickler refuses cycles and takes its leftovers apart.
    model_case("torch-recursive-list", pickle_zip(b"\x80\x02]q\x00h\x00a."), ["holds itself"])
    model_case("torch-self-referencing-dict", pickle_zip(b"\x80\x02}q\x00" + unicode("self") + b"h\x00s."),
               ["holds itself"])
    model_case("torch-cycle-left-behind", pickle_zip(b"\x80\x02]q\x00h\x00a0}."))
    model_case("torch-deep-nesting", pickle_zip(b"\x80\x02" + b"]" * 300000 + b"a" * 299999 + b"."), ["nests deeper"])
    model_case("torch-deep-nesting-unfinished", pickle_zip(b"\x80\x02" + b"]" * 300000 + b"a" * 299999))
    model_case("torch-memo-missing", pickle_zip(b"\x80\x02h\x07."))
    model_case("torch-string-length-beyond", pickle_zip(b"\x80\x02X\xff\xff\xff\x7fabc"))
    model_case("torch-stack-underflow", pickle_zip(b"\x80\x02s."))
    model_case("torch-no-stop", pickle_zip(b"\x80\x02}"))
    model_case("torch-empty-pickle", pickle_zip(b""))
    model_case("torch-not-zip", b"this is not a model\n" * 10)
    model_case("torch-empty-file", b"")
    model_case("torch-legacy-format", b"\x80\x02\x8a\nl\xfc\x9cF\xf9 j\xa8P\x19." + bytes(100))
    real = io.BytesIO()
    torch.save({"w": torch.ones(3)}, real)
    real = real.getvalue()
    model_case("torch-truncated", real[:len(real) // 2])
    # ZIP structure: sizes and offsets that point outside the file, duplicates, path tricks, a bomb.
    bad_size = bytearray(real)
    directory = bad_size.rfind(b"PK\x01\x02")
    struct.pack_into("<I", bad_size, directory + 24, 0x7fffffff)  # uncompressed size of the last member
    struct.pack_into("<I", bad_size, directory + 20, 0x7fffffff)  # compressed size
    model_case("zip-member-size-beyond-file", bytes(bad_size))
    bad_offset = bytearray(real)
    directory = bad_offset.find(b"PK\x01\x02")
    struct.pack_into("<I", bad_offset, directory + 42, 0x7ffffff0)  # local header offset of the first member
    model_case("zip-header-offset-beyond-file", bytes(bad_offset))
    end = bytearray(real)
    eocd = end.rfind(b"PK\x05\x06")
    struct.pack_into("<H", end, eocd + 10, 0xffff)  # claims 65535 members
    model_case("zip-member-count-lies", bytes(end))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        import warnings
        warnings.simplefilter("ignore")
        z.writestr("archive/data.pkl", b"\x80\x02}.")
        z.writestr("archive/data.pkl", b"\x80\x02" + unicode("second") + b".")
        z.writestr("archive/version", b"3\n")
    model_case("zip-duplicate-names", buffer.getvalue(), ["appears twice"])
    model_case("zip-path-traversal", pickle_zip(b"\x80\x02}.", prefix="../../../../tmp/flipbench-evil"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", b"\x80\x02}.")
        z.writestr("archive/data/0", bytes(256 << 20))  # 256 MiB of zeros, 250 KB deflated
        z.writestr("archive/version", b"3\n")
    model_case("zip-bomb-deflated-storage", buffer.getvalue())

    def result_case(name, obj_or_bytes, expect=()):
        if isinstance(obj_or_bytes, bytes):
            data = obj_or_bytes
        else:
            buffer = io.BytesIO()
            torch.save(obj_or_bytes, buffer)
            data = buffer.getvalue()
        file = write(f"result/{name}.result", data)
        case(name, ".result file", ["compare", "{case}", "{run}"], list(expect), file)

    labels = torch.arange(100) % 10
    result_case("result-missing-gt", {"pred": labels.clone()}, ["gt"])
    result_case("result-lengths-differ", {"pred": labels[:50].clone(), "gt": labels.clone()}, ["number of samples"])
    result_case("result-float-pred", {"pred": torch.rand(100), "gt": labels.clone()}, ["integer tensor"])
    result_case("result-negative-class", {"pred": -labels - 1, "gt": labels.clone()}, ["class indices"])
    result_case("result-empty", {"pred": torch.zeros(0, dtype=torch.int64), "gt": torch.zeros(0, dtype=torch.int64)},
                ["empty"])
    result_case("result-outputs-wrong-rows", {"pred": labels.clone(), "gt": labels.clone(), "outputs": torch.zeros(7, 10)},
                ["number of samples"])
    result_case("result-outputs-3d", {"pred": labels.clone(), "gt": labels.clone(), "outputs": torch.zeros(100, 10, 2)},
                ["[samples x classes]"])
    result_case("result-a-list", [1, 2, 3], ["pred"])
    result_case("result-labels-differ", {"pred": labels.clone(), "gt": (labels + 1) % 10}, ["same test"],
                )


# ---------------------------------------------------------------- images

def image_root(name, bad_name, bad_bytes):
    rng = np.random.default_rng(2)
    root = f"images/{name}"
    for split in ("train", "test"):
        for label in ("cat", "dog"):
            buffer = io.BytesIO()
            Image.fromarray(rng.integers(0, 256, size=(32, 32, 3), dtype=np.uint8)).save(buffer, "PNG")
            write(f"{root}/{split}/{label}/good.png", buffer.getvalue())
    write(f"{root}/train/cat/{bad_name}", bad_bytes)
    return root


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def image_bytes(image, kind, **options):
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def image_cases():
    rgb = Image.fromarray(np.random.default_rng(3).integers(0, 256, size=(32, 32, 3), dtype=np.uint8))
    png = image_bytes(rgb, "PNG")
    jpeg = image_bytes(rgb, "JPEG", quality=90)

    def refused(name, bad_name, data, expect=()):
        root = image_root(name, bad_name, data)
        case(name, "image", ["import-images", os.path.join(OUT, root), "--on-error", "refuse"], list(expect),
             f"{root}/train/cat/{bad_name}", names=bad_name)
        CASES[-1]["watch"] = root  # the refused import must not leave a cache beside the images

    def accepted(name, bad_name, data):
        root = image_root(name, bad_name, data)
        CASES.append({"name": name, "category": "image", "argv": ["import-images", "{case}", "--on-error", "refuse"],
                      "exit": 0, "expect": ["every image file could be read"], "file": root, "names": None,
                      "writes_into_case": True})

    refused("image-png-truncated", "cut.png", png[:len(png) // 2])
    refused("image-jpeg-truncated", "cut.jpg", jpeg[:len(jpeg) // 2])
    refused("image-empty-file", "empty.png", b"")
    refused("image-text-as-jpeg", "notes.jpg", b"this is not a picture\n")
    refused("image-gif-as-png", "anim.png", image_bytes(rgb.convert("P"), "GIF"), ["GIF"])
    header = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
    bomb = header + png_chunk(b"IDAT", zlib.compress(bytes(1 << 20), 9)) + png_chunk(b"IEND", b"")
    refused("image-png-decompression-bomb", "bomb.png", bomb, ["100000"])
    jpeg_bomb = bytearray(jpeg)
    sof = jpeg_bomb.find(b"\xff\xc0")
    struct.pack_into(">HH", jpeg_bomb, sof + 5, 65000, 65000)
    refused("image-jpeg-decompression-bomb", "bomb.jpg", bytes(jpeg_bomb), ["65000"])
    bad_crc = bytearray(png)
    bad_crc[29] ^= 0xff  # inside IHDR's CRC
    refused("image-png-bad-crc", "crc.png", bytes(bad_crc))
    refused("image-cmyk-jpeg", "cmyk.jpg", image_bytes(rgb.convert("CMYK"), "JPEG"), ["CMYK"])
    accepted("image-16-bit-png", "deep.png",
             image_bytes(Image.fromarray((np.arange(1024, dtype=np.uint16) * 60).reshape(32, 32)), "PNG"))


# ---------------------------------------------------------------- archives (the CIFAR-10 download)

def tar_gz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def archive_cases():
    def archive_case(name, data, expect=(), exit_code=DATA_ERROR):
        file = write(f"archive/{name}.tar.gz", data)
        digest = hashlib.sha256(data).hexdigest()
        case(name, "archive", ["download-cifar10", "{out}", "--url", os.path.join(OUT, file), "--sha256", digest],
             list(expect), file, exit_code=exit_code)

    ok = b"x" * 10
    archive_case("archive-path-traversal", tar_gz([("../../evil.bin", ok, "file")]), ["evil.bin"])
    archive_case("archive-absolute-path", tar_gz([("/tmp/flipbench-evil.bin", ok, "file")]), ["flipbench-evil.bin"])
    archive_case("archive-symlink-out", tar_gz([("cifar-10-batches-bin/data_batch_1.bin", "/etc/passwd", "symlink")]),
                 ["data_batch_1.bin"])
    archive_case("archive-not-gzip", b"PK\x03\x04 not a tarball" * 10)
    archive_case("archive-truncated", tar_gz([("cifar-10-batches-bin/batches.meta.txt", CLASSES * 100, "file")])[:60])
    archive_case("archive-wrong-contents", tar_gz([("readme.txt", ok, "file")]), ["cifar-10-batches-bin"])


def main():
    global OUT
    OUT = os.path.abspath(sys.argv[1])
    VALID_CONFIG["data"]["path"] = os.path.abspath(sys.argv[2])
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    config_cases()
    sweep_cases()
    cifar_cases()
    npy_cases()
    torch_cases()
    image_cases()
    archive_cases()
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
    print(f"make_cases: {len(CASES)} cases in {OUT}")


if __name__ == "__main__":
    main()
