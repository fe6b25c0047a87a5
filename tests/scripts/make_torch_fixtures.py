#!/usr/bin/python3
"""Writes PyTorch files the way users and the seed notebook's reference code save them, for the
import tests: a torchvision ResNet-18 state_dict (an OrderedDict with _metadata), a training
checkpoint nesting it under "state_dict" with DataParallel's "module." prefix beside an optimizer
state, the model's eval-mode logits on a CIFAR-10 binary test set (as .npy), and the notebook's
.result prediction files.

    make_torch_fixtures.py CIFAR_BIN_DIR OUT_DIR [TEST_LIMIT]
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision


def load_test_images(cifar_dir, limit):
    raw = np.fromfile(os.path.join(cifar_dir, "test_batch.bin"), dtype=np.uint8).reshape(-1, 3073)
    if limit:
        raw = raw[:limit]
    labels = raw[:, 0].astype(np.int64)
    images = raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0
    return torch.from_numpy((images - 0.5) / 0.5), torch.from_numpy(labels)


def main():
    cifar_dir, out = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=10)
    # Make the BN statistics non-trivial so that eval-mode buffers really matter.
    model.train()
    with torch.no_grad():
        model(torch.randn(64, 3, 32, 32) * 0.5)
    model.eval()
    torch.save(model.state_dict(), os.path.join(out, "resnet18_state_dict.pt"))

    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    torch.nn.functional.cross_entropy(model(torch.randn(4, 3, 32, 32)), torch.tensor([0, 1, 2, 3])).backward()
    optimizer.step()
    model.eval()
    wrapped = torch.nn.DataParallel(model)
    torch.save({"epoch": 3, "arch": "resnet18", "state_dict": wrapped.state_dict(),
                "best_acc1": torch.tensor(12.5), "optimizer": optimizer.state_dict()},
               os.path.join(out, "resnet18_checkpoint.pth.tar"))

    images, labels = load_test_images(cifar_dir, limit)
    with torch.no_grad():
        logits = model(images)
    np.save(os.path.join(out, "resnet18_checkpoint_logits.npy"), logits.numpy())

    # The notebook's .result files: predictions, ground truth and (optionally) the logits.
    torch.save({"pred": logits.argmax(1), "gt": labels, "outputs": logits}, os.path.join(out, "with_outputs.result"))
    torch.save({"pred": logits.argmax(1), "gt": labels}, os.path.join(out, "pred_only.result"))
    torch.save({"pred": logits.argmax(1), "gt": (labels + 1) % 10}, os.path.join(out, "other_labels.result"))

    # A second model's predictions: the first half of the samples moved to the next class. The
    # flip metrics of B against A (the checkpoint), computed here with NumPy, are what Flipbench
    # must report for the pair.
    pred_a = logits.argmax(1).numpy()
    y = labels.numpy()
    pred_b = pred_a.copy()
    half = len(pred_b) // 2
    pred_b[:half] = (pred_b[:half] + 1) % 10
    torch.save({"pred": torch.from_numpy(pred_b), "gt": labels}, os.path.join(out, "shifted.result"))
    a_ok, b_ok = pred_a == y, pred_b == y
    expected = {"acc_a": float(a_ok.mean()), "acc_b": float(b_ok.mean()),
                "nfr": float((a_ok & ~b_ok).mean()), "pfr": float((~a_ok & b_ok).mean()),
                "negative_flips": int((a_ok & ~b_ok).sum()), "positive_flips": int((~a_ok & b_ok).sum())}
    with open(os.path.join(out, "shifted_expected.json"), "w") as f:
        json.dump(expected, f)

    # Models of another architecture and of another class count, for the refusal tests.
    torch.save(torchvision.models.resnet18(num_classes=100).state_dict(), os.path.join(out, "resnet18_100classes.pt"))
    torch.save(torchvision.models.resnet34(num_classes=10).state_dict(), os.path.join(out, "resnet34_state_dict.pt"))
    print("ok")


if __name__ == "__main__":
    main()
