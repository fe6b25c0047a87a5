"""The plain-PyTorch twin of a Flipbench baseline run, for bench/vs_pytorch.sh: the same
architecture (tests/scripts/flipbench_torch_models.py), data (the first N images of a CIFAR-10
binary folder), normalisation, batch, optimizer (SGD, momentum, weight decay), per-step cosine
schedule, shuffling per epoch and test evaluation after every epoch, written as a user would write
it. Prints one JSON line per epoch: {"epoch", "img_s", "seconds", "test_acc"}; the timer covers
the training steps only, as Flipbench's metrics.jsonl "img_s" does.

usage: pytorch_twin.py CIFAR_DIR ARCH TRAIN_IMAGES TEST_IMAGES EPOCHS THREADS [DEVICE]"""

import json
import math
import os
import sys
import time

import numpy
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "scripts"))
from flipbench_torch_models import make_model, normalize  # noqa: E402


def read_batches(files, limit):
    records = numpy.concatenate([numpy.fromfile(f, dtype=numpy.uint8).reshape(-1, 3073) for f in files])
    records = records[:limit] if limit > 0 else records
    images = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).copy())
    labels = torch.from_numpy(records[:, 0].astype(numpy.int64))
    return images, labels


def main():
    data, arch, train_n, test_n, epochs, threads = sys.argv[1:7]
    device = torch.device(sys.argv[7] if len(sys.argv) > 7 else "cpu")
    train_n, test_n, epochs, threads = int(train_n), int(test_n), int(epochs), int(threads)
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    train_x, train_y = read_batches([os.path.join(data, "data_batch_%d.bin" % i) for i in range(1, 6)], train_n)
    test_x, test_y = read_batches([os.path.join(data, "test_batch.bin")], test_n)
    train_x, train_y, test_x, test_y = (t.to(device) for t in (train_x, train_y, test_x, test_y))
    model = make_model(arch, 10).to(device)
    lr, batch = 0.05, 128
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4)
    steps = math.ceil(train_n / batch)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(train_n, device=device)
        start = time.perf_counter()
        for step in range(steps):
            index = order[step * batch:(step + 1) * batch]
            images = normalize(train_x.index_select(0, index))
            labels = train_y.index_select(0, index)
            t = epoch + step / steps
            for group in optimizer.param_groups:
                group["lr"] = lr * (1 + math.cos(math.pi * t / epochs)) / 2
            loss = torch.nn.functional.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()  # the progress line's loss: one host copy per step, as Flipbench does
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            correct = sum(int(model(normalize(test_x[i:i + 256])).argmax(1).eq(test_y[i:i + 256]).sum())
                          for i in range(0, len(test_y), 256))
        print(json.dumps({"epoch": epoch + 1, "img_s": train_n / seconds, "seconds": seconds,
                          "test_acc": correct / len(test_y)}), flush=True)


if __name__ == "__main__":
    main()
