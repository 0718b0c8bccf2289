#!/usr/bin/python3
"""Writes the checkpoint test fixtures: a reduced-width ResNet-50 saved by PyTorch in every
framework's key layout (zip and legacy formats, float32 and float16 storages), the NHWC inputs, and
the features and logits PyTorch computes for them. Offline; Debian python3-torch/torchvision/onnx.

    /usr/bin/python3 tools/checkpoints/make_fixtures.py suite/src/test/resources/checkpoints
"""
import collections
import io
import os
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn
from torchvision.models.resnet import Bottleneck

WIDTH = 2          # torchvision's resnet50 is width 64; 2 keeps every file near 50-100 kB
CLASSES = 10
IMAGES, SIZE = 3, 32
SEED = 20260126


LAYOUT_NAMES = ["torchvision", "moco", "pcl", "mocov3", "swav", "deepclusterv2", "simclr", "simsiam", "obow", "plain"]


class ResNet(nn.Module):
    """torchvision.models.resnet.ResNet with Bottleneck [3, 4, 6, 3], at base width WIDTH (same module names)."""

    def __init__(self, width, classes):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(width, 3, 1)
        self.layer2 = self._make_layer(width * 2, 4, 2)
        self.layer3 = self._make_layer(width * 4, 6, 2)
        self.layer4 = self._make_layer(width * 8, 3, 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width * 8 * 4, classes)

    def _make_layer(self, planes, blocks, stride):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * 4, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * 4
        layers += [Bottleneck(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def features(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(self.avgpool(x), 1)

    def forward(self, x):
        f = self.features(x)
        return f, self.fc(f)


def model_with_random_state(width=WIDTH):
    torch.manual_seed(SEED)
    m = ResNet(width, CLASSES)
    with torch.no_grad():
        for name, t in m.state_dict().items():
            if t.dtype != torch.float32:
                t.fill_(7)  # num_batches_tracked
                continue
            if name.endswith("running_var"):
                t.copy_(torch.rand_like(t) * 1.5 + 0.25)
            elif name.endswith("running_mean") or name.endswith(".bias"):
                t.copy_(torch.randn_like(t) * 0.2)
            elif name.endswith(".weight") and t.dim() == 1:
                t.copy_(torch.rand_like(t) + 0.5)
            # every value representable in float16, so fp16 and fp32 files hold the same weights
            t.copy_(t.half().float())
    return m.eval()


def npy(path, array):
    np.save(path, np.ascontiguousarray(array.astype(np.float32)))


def without_fc(sd):
    return collections.OrderedDict((k, v) for k, v in sd.items() if not k.startswith("fc."))


def prefixed(prefix, sd):
    return collections.OrderedDict((prefix + k, v) for k, v in sd.items())


def small(*shape):
    return torch.randn(*shape)


def layouts(sd):
    """Each release's layout: the backbone under its prefix plus representative extra keys."""
    bb = without_fc(sd)
    g = torch.Generator().manual_seed(1)
    dim = WIDTH * 32
    mlp = collections.OrderedDict([("fc.0.weight", torch.randn(16, dim, generator=g)), ("fc.0.bias", torch.zeros(16)),
                                   ("fc.2.weight", torch.randn(8, 16, generator=g)), ("fc.2.bias", torch.zeros(8))])
    moco = prefixed("module.encoder_q.", collections.OrderedDict(list(bb.items()) + list(mlp.items())))
    moco["module.encoder_k.conv1.weight"] = bb["conv1.weight"].clone()
    moco["module.encoder_k.fc.0.weight"] = mlp["fc.0.weight"].clone()
    moco["module.queue"] = torch.randn(8, 16, generator=g)
    moco["module.queue_ptr"] = torch.zeros(1, dtype=torch.long)
    pcl = prefixed("module.encoder_q.", collections.OrderedDict(
        list(bb.items()) + [("fc.weight", torch.randn(8, dim, generator=g)), ("fc.bias", torch.zeros(8))]))
    pcl["module.encoder_k.conv1.weight"] = bb["conv1.weight"].clone()
    pcl["module.queue"] = torch.randn(8, 16, generator=g)
    pcl["module.queue_ptr"] = torch.zeros(1, dtype=torch.long)
    v3 = prefixed("module.base_encoder.", collections.OrderedDict(list(bb.items()) + list(mlp.items())))
    v3["module.momentum_encoder.conv1.weight"] = bb["conv1.weight"].clone()
    v3["module.predictor.0.weight"] = torch.randn(8, 8, generator=g)
    swav = prefixed("module.", bb)
    swav["module.projection_head.0.weight"] = torch.randn(16, dim, generator=g)
    swav["module.projection_head.0.bias"] = torch.zeros(16)
    swav["module.prototypes.weight"] = torch.randn(12, 16, generator=g)
    dc = prefixed("module.", bb)
    dc["module.projection_head.0.weight"] = torch.randn(16, dim, generator=g)
    for i in range(3):
        dc["module.prototypes.prototypes%d.weight" % i] = torch.randn(12, 16, generator=g)
    sela = prefixed("module.", bb)
    sela["module.projection_head.0.weight"] = torch.randn(16, dim, generator=g)
    sela["module.prototypes.prototypes0.weight"] = torch.randn(12, 16, generator=g)
    simsiam = prefixed("module.encoder.", collections.OrderedDict(list(bb.items()) + list(mlp.items())))
    simsiam["module.predictor.0.weight"] = torch.randn(8, 8, generator=g)
    optimizer = {"state": {}, "param_groups": [{"lr": 0.05, "momentum": 0.9, "params": [0, 1]}]}
    # Releases with the same layout share one file (the manifest lists the key maps of each):
    # swav/deepclusterv2/selav2 differ only in how many prototype heads they carry, and
    # byol (converted), dino, barlowtwins and vicreg are all plain torchvision names without fc.
    return {
        "torchvision": shared_storage(sd),
        "moco": {"epoch": 800, "arch": "resnet50", "state_dict": moco, "optimizer": optimizer},
        "pcl": {"epoch": 200, "arch": "resnet50", "state_dict": pcl},
        "mocov3": {"epoch": 1000, "arch": "resnet50", "state_dict": v3, "scaler": {"scale": 65536.0}},
        "swav": swav,
        "deepclusterv2": dc,
        "simclr": {"state_dict": collections.OrderedDict(sd)},
        "simsiam": {"epoch": 100, "arch": "resnet50", "state_dict": simsiam, "optimizer": optimizer},
        "obow": {"network": collections.OrderedDict(bb)},
        "plain": with_metadata(collections.OrderedDict(bb), sd),
    }


SHARED = {"deepclusterv2": "deepclusterv2 selav2", "plain": "byol dino barlowtwins vicreg torchvision-ssl"}


def with_metadata(d, sd):
    d._metadata = sd._metadata
    return d


def shared_storage(sd):
    """torchvision layout, with views that exercise offsets and strides: bn1's four vectors share
    one storage at offsets, and fc.weight is a transposed (non-contiguous) view."""
    out = collections.OrderedDict(sd)
    c = WIDTH
    block = torch.stack([sd["bn1.weight"], sd["bn1.bias"], sd["bn1.running_mean"], sd["bn1.running_var"]])
    flat = block.reshape(-1)
    for i, part in enumerate(["weight", "bias", "running_mean", "running_var"]):
        out["bn1." + part] = flat[i * c:(i + 1) * c]
    out["fc.weight"] = sd["fc.weight"].t().contiguous().t()
    assert not out["fc.weight"].is_contiguous()
    out._metadata = sd._metadata  # as Module.state_dict() returns it: pickled with a BUILD of its attributes
    return out


def to_half(obj):
    if isinstance(obj, torch.Tensor):
        return obj.half() if obj.is_floating_point() else obj
    if isinstance(obj, dict):
        return type(obj)((k, to_half(v)) for k, v in obj.items())
    return obj


def main(out):
    os.makedirs(out, exist_ok=True)
    model = model_with_random_state()
    sd = collections.OrderedDict((k, v.clone()) for k, v in model.state_dict().items())
    sd._metadata = model.state_dict()._metadata
    rng = np.random.default_rng(SEED)
    images = rng.normal(0, 1, size=(IMAGES, SIZE, SIZE, 3)).astype(np.float32)  # NHWC, already normalised
    with torch.no_grad():
        feats, logits = model(torch.from_numpy(images).permute(0, 3, 1, 2).contiguous())
    npy(os.path.join(out, "input.npy"), images)
    npy(os.path.join(out, "features.npy"), feats.numpy())
    npy(os.path.join(out, "logits.npy"), logits.numpy())
    rows = []
    # float32 for the canary, float16 storages elsewhere (keeps the committed files small)
    legacy = {"torchvision", "moco"}
    half = set(LAYOUT_NAMES) - {"torchvision"}
    for name, obj in layouts(sd).items():
        obj = to_half(obj) if name in half else obj
        dtype = "float16" if name in half else "float32"
        if name == "obow":
            # the OBoW release: a zip holding the .pth.tar
            buf = io.BytesIO()
            torch.save(obj, buf)
            with zipfile.ZipFile(os.path.join(out, "obow.zip"), "w", zipfile.ZIP_DEFLATED) as z:
                # the release nests it (naver/imagenet-cog download script): <dir>/tochvision_resnet50_student_K8192_epoch200.pth.tar
                z.writestr("ImageNetFull_ResNet50_OBoW_full_feature_extractor/"
                           "tochvision_resnet50_student_K8192_epoch200.pth.tar", buf.getvalue())
            rows.append(("obow.zip", "zip-wrapped", "obow", dtype))
            continue
        torch.save(obj, os.path.join(out, name + ".pth"))
        maps = SHARED.get(name, name)
        rows.append((name + ".pth", "zip", maps, dtype))
        if name in legacy:
            torch.save(obj, os.path.join(out, name + "-legacy.pth"), _use_new_zipfile_serialization=False)
            rows.append((name + "-legacy.pth", "legacy", maps, dtype))
    # the BYOL release is a plain pickle of NumPy arrays: a few of them, in protocols 2 and 4
    import pickle
    arrays = {"conv1": sd["conv1.weight"].numpy()[:, :, :2, :3], "fortran": np.asfortranarray(
        sd["fc.weight"].numpy()[:3, :4]), "half": sd["bn1.weight"].numpy().astype(np.float16),
        "counter": np.arange(3, dtype=np.int64)}
    for protocol in (2, 4):
        with open(os.path.join(out, "numpy-arrays-p%d.pkl" % protocol), "wb") as f:
            pickle.dump({"params": arrays, "step": np.int64(5)}, f, protocol=protocol)
        rows.append(("numpy-arrays-p%d.pkl" % protocol, "numpy-pickle", "", "mixed"))
    for k, v in arrays.items():
        np.save(os.path.join(out, "numpy-%s.npy" % k), np.ascontiguousarray(v.astype(np.float32)))
    # ONNX export of the same network (features and logits)
    torch.onnx.export(model, torch.from_numpy(images).permute(0, 3, 1, 2).contiguous(),
                      os.path.join(out, "resnet.onnx"), input_names=["images"], output_names=["features", "logits"],
                      dynamic_axes={"images": {0: "n"}, "features": {0: "n"}, "logits": {0: "n"}}, opset_version=13)
    rows.append(("resnet.onnx", "onnx", "", "float32"))
    with open(os.path.join(out, "manifest.csv"), "w") as f:
        f.write("# written by tools/checkpoints/make_fixtures.py with torch %s; width %d, %d classes, %d images %dx%d\n"
                % (torch.__version__, WIDTH, CLASSES, IMAGES, SIZE, SIZE))
        f.write("file,format,keymap,dtype\n")
        for r in rows:
            f.write(",".join(r) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "suite/src/test/resources/checkpoints")
