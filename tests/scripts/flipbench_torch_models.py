"""Flipbench's architectures as PyTorch modules, with the key names `flipbench-cli export-model`
writes (docs/export.md). resnet18 is torchvision's own; resnet18_cifar is torchvision's resnet18
with a 3x3 stride-1 stem and no max-pool; small_cnn is three conv-BN-ReLU-max-pool stages, global
average pooling and a linear layer (core/models/small_cnn.cpp)."""

import torch
import torchvision


class SmallCnn(torch.nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        layers, channels = [], 3
        for out in (32, 64, 128):
            layers += [torch.nn.Conv2d(channels, out, 3, padding=1, bias=False), torch.nn.BatchNorm2d(out),
                       torch.nn.ReLU(inplace=True), torch.nn.MaxPool2d(2)]
            channels = out
        self.features = torch.nn.Sequential(*layers)
        self.fc = torch.nn.Linear(channels, num_classes)

    def forward(self, x):
        x = torch.nn.functional.adaptive_avg_pool2d(self.features(x), 1).flatten(1)
        return self.fc(x)


def make_model(arch, num_classes=10):
    if arch == "resnet18":
        return torchvision.models.resnet18(num_classes=num_classes)
    if arch == "resnet18_cifar":
        model = torchvision.models.resnet18(num_classes=num_classes)
        model.conv1 = torch.nn.Conv2d(3, 64, 3, stride=1, padding=1, bias=False)
        model.maxpool = torch.nn.Identity()
        return model
    if arch == "small_cnn":
        return SmallCnn(num_classes)
    raise ValueError("unknown architecture " + arch)


def normalize(uint8_images):
    """Flipbench's input: (x / 255 - 0.5) / 0.5 per channel, N x 3 x 32 x 32 (core/data/augment.cpp)."""
    return uint8_images.float().mul(2.0 / 255.0).sub(1.0)
