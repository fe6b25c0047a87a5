#!/usr/bin/env python3
"""The reference implementation's FD and LDI loss formulas, written out in numpy.

Each formula keeps the tensor shapes of amazon-science/regression-constraint-model-upgrade,
ConstrainedUpgrade/losses.py, because the shapes decide the result: there the focus weights have
shape (N, 1) (losses.py:396-400) and the KL and LDI sample losses shape (N,) (410-412, 154), so
`(sample_loss * loss_weights).mean()` (438) broadcasts to N x N; the L2 sample loss keeps shape
(N, C) (340, 414), so it is weighted per sample. Prints JSON: the inputs and the expected values, which
tst_distillation_losses compares with Flipbench's losses.
"""
import json

import numpy as np


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def focus_weights(new, old, labels, kind, base, scale):
    old_right = old.argmax(1) == labels
    new_right = new.argmax(1) == labels
    condition = {"old_correct": old_right, "neg_flip": old_right & ~new_right, "new_incorrect": ~new_right}[kind]
    return condition.astype(np.float64)[:, None] * scale + base  # shape (N, 1), as losses.py:396


def fd_reference(new, old, labels, divergence, temperature, kind, base, scale):
    w = focus_weights(new, old, labels, kind, base, scale)
    if divergence == "kl":
        log_p_new = log_softmax(new / temperature)
        p_old = np.exp(log_softmax(old / temperature))
        sample = (p_old * (np.log(p_old) - log_p_new)).sum(axis=1) * temperature**2  # shape (N,)
    else:
        sample = (new - old) ** 2  # shape (N, C): MSELoss(reduction='none')
    return float((sample * w).mean())  # (N,) * (N,1) -> N x N; (N,C) * (N,1) -> per sample


def fd_per_sample(new, old, labels, temperature, kind, base, scale):
    """The FD paper's definition, for the per_sample option: mean_i w_i KL_i."""
    w = focus_weights(new, old, labels, kind, base, scale)[:, 0]
    log_p_new = log_softmax(new / temperature)
    p_old = np.exp(log_softmax(old / temperature))
    kl = (p_old * (np.log(p_old) - log_p_new)).sum(axis=1) * temperature**2
    return float((w * kl).mean())


def ldi_reference(new, old, labels, p, margin, one_sided, compute_topk=-1):
    y_hot = np.eye(new.shape[1])[labels]
    if one_sided:
        diff = np.clip(new - old - margin, 0, None)
        loss = (1 - y_hot) * diff**p  # exclude_gt, always on (train.py:329)
    else:
        diff = np.clip(np.abs(new - old) - margin, 1e-7, None)
        if compute_topk > 0:
            indices = np.argsort(-new, axis=1)[:compute_topk]  # the first k *rows*, as losses.py:141
            loss = (1 - y_hot)[:, indices] * diff[:, indices] ** p
        else:
            loss = (1 - y_hot) * diff**p
    return float(loss.mean(axis=1).mean())


def main():
    rng = np.random.default_rng(7)
    n, c = 8, 5
    new = rng.normal(0, 2, (n, c)).astype(np.float32)
    old = rng.normal(0, 2, (n, c)).astype(np.float32)
    labels = rng.integers(0, c, n)
    new64, old64 = new.astype(np.float64), old.astype(np.float64)
    cases = []
    for divergence, temperature, weighting in [("kl", 4.0, "batch_mean"), ("kl", 1.0, "batch_mean"), ("l2", 1.0, "per_sample")]:
        cases.append({"name": f"fd {divergence} T{temperature} old_correct 1+5 ({weighting})", "kind": "fd",
                      "divergence": divergence, "temperature": temperature, "filter": "old_correct", "base": 1.0,
                      "scale": 5.0, "weighting": weighting,
                      "expected": fd_reference(new64, old64, labels, divergence, temperature, "old_correct", 1.0, 5.0)})
    cases.append({"name": "fd kl T4 neg_flip 0+1 (per_sample, the paper)", "kind": "fd", "divergence": "kl",
                  "temperature": 4.0, "filter": "neg_flip", "base": 0.0, "scale": 1.0, "weighting": "per_sample",
                  "expected": fd_per_sample(new64, old64, labels, 4.0, "neg_flip", 0.0, 1.0)})
    cases.append({"name": "ldi p2 margin 0.5", "kind": "ldi", "p": 2.0, "margin": 0.5, "one_sided": False,
                  "expected": ldi_reference(new64, old64, labels, 2, 0.5, False)})
    cases.append({"name": "ldi one-sided p2 margin 0.5", "kind": "ldi", "p": 2.0, "margin": 0.5, "one_sided": True,
                  "expected": ldi_reference(new64, old64, labels, 2, 0.5, True)})
    # li_compute_topk 3 in the reference equals all classes: Flipbench maps it to top_k 0.
    cases.append({"name": "ldi p2 margin 0.5, reference li_compute_topk 3", "kind": "ldi", "p": 2.0, "margin": 0.5,
                  "one_sided": False, "expected": ldi_reference(new64, old64, labels, 2, 0.5, False, compute_topk=3)})
    print(json.dumps({"new": new.tolist(), "old": old.tolist(), "labels": labels.tolist(), "cases": cases}))


if __name__ == "__main__":
    main()
