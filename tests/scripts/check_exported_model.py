"""Checks a model written by `flipbench-cli export-model` with PyTorch alone: loads it into the
PyTorch module of its architecture with strict=True, computes the logits of the run's test images
and compares them with the run's logits.npy. With NPZ, also checks that numpy.load reads the same
arrays under the same keys.

usage: check_exported_model.py MODEL.pth ARCH CIFAR_DIR TEST_LIMIT LOGITS.npy [MODEL.npz]
prints the largest absolute difference; exit 0 when it is at most 1e-5, 1 otherwise."""

import os
import sys

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from flipbench_torch_models import make_model, normalize  # noqa: E402


def main():
    model_file, arch, cifar_dir, test_limit, logits_file = sys.argv[1:6]
    state = torch.load(model_file)
    expected = numpy.load(logits_file)
    model = make_model(arch, expected.shape[1])
    model.load_state_dict(state, strict=True)  # raises on a missing, extra or misshapen key
    model.eval()

    records = numpy.fromfile(os.path.join(cifar_dir, "test_batch.bin"), dtype=numpy.uint8).reshape(-1, 3073)
    records = records[: int(test_limit)] if int(test_limit) > 0 else records
    images = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).copy())
    torch.set_num_threads(2)
    with torch.no_grad():
        logits = model(normalize(images)).numpy()
    difference = float(numpy.abs(logits - expected).max())
    print("max |logits - logits.npy| = %.3g over %d x %d" % (difference, *logits.shape))
    if len(sys.argv) > 6:
        arrays = numpy.load(sys.argv[6])
        if sorted(arrays.files) != sorted(state.keys()):
            print("npz keys differ from the state dict's:", sorted(set(arrays.files) ^ set(state.keys())))
            return 1
        for key in arrays.files:
            if not numpy.array_equal(arrays[key], state[key].numpy()):
                print("npz array", key, "differs from the state dict's")
                return 1
        print("npz: the same %d arrays" % len(arrays.files))
    return 0 if difference <= 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
