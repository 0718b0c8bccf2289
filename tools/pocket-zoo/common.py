"""Shared pieces of the pocket zoo: data, the reduced-width ResNet-50, preprocessing.

Everything here mirrors what the Java suite does (dev.lottery.data, dev.lottery.backbone) so that the
PyTorch reference and `./lottery run` see the same pixels and the same network.
"""
import csv
import glob
import io
import os
import tarfile

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torchvision.models.resnet import Bottleneck

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
POCKET = os.path.join(ROOT, "datasets", "pocket")
ZOO = os.path.join(POCKET, "zoo")
WIDTH = 8                 # ResNet base width (64 = torchvision ResNet-50); features are 32*WIDTH-d
MEAN, STD = 0.1307, 0.3081  # suite/catalog/preprocessing.csv, pocket-rgb (same value on every channel)


def read_split(split):
    """(uint8 images [n,28,28], int64 labels [n], keys) of a pocket split, in shard and member order."""
    d = os.path.join(POCKET, split)
    classes = [c.strip() for c in open(os.path.join(d, "classes.txt")) if c.strip()]
    index = {c: i for i, c in enumerate(classes)}
    images, labels, keys = [], [], []
    for shard in sorted(glob.glob(os.path.join(d, "*.tar.gz"))):
        pending = {}
        with tarfile.open(shard, "r:gz") as tar:
            for m in tar:
                if not m.isfile():
                    continue
                key, ext = m.name.rsplit(".", 1)
                pending.setdefault(key, {})[ext] = tar.extractfile(m).read()
        for key, parts in pending.items():
            img = Image.open(io.BytesIO(parts["png"]))
            if img.mode != "L":
                img = img.convert("L")
            images.append(np.asarray(img, dtype=np.uint8))
            labels.append(index[parts["cls"].decode().strip()])
            keys.append(key)
    return np.stack(images), np.asarray(labels, dtype=np.int64), keys


def normalise(x01):
    """[n,1,h,w] in [0,1] -> [n,3,h,w]: the gray digit on three channels, pocket-rgb mean/std."""
    return ((x01 - MEAN) / STD).expand(-1, 3, -1, -1).contiguous()


class ResNet50(nn.Module):
    """torchvision's resnet50 topology (v1.5 Bottleneck) at base width WIDTH, torchvision key names."""

    def __init__(self, width=WIDTH):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._layer(width, 3, 1)
        self.layer2 = self._layer(width * 2, 4, 2)
        self.layer3 = self._layer(width * 4, 6, 2)
        self.layer4 = self._layer(width * 8, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.dim = width * 8 * Bottleneck.expansion
        # torchvision's init: He (fan_out) convs, BN weight 1 bias 0
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def _layer(self, planes, blocks, stride):
        down = None
        if stride != 1 or self.inplanes != planes * 4:
            down = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride, bias=False),
                                 nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, down)]
        self.inplanes = planes * 4
        layers += [Bottleneck(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(self.avgpool(x), 1)


def backbone_state(module, prefix=""):
    """The torchvision-named backbone tensors of a ResNet50 module under `prefix` (copied, CPU)."""
    return {prefix + k: v.detach().clone().cpu() for k, v in module.state_dict().items()}


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))
