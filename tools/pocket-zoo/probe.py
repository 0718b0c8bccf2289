"""The common probe: one linear routine for every backbone, so that backbones (not routines) are compared.

    /usr/bin/python3 tools/pocket-zoo/probe.py                  # every zoo checkpoint + random init
    /usr/bin/python3 tools/pocket-zoo/probe.py dino moco        # some of them

The `barlowtwins` routine of routines.csv scaled by the pocket suite's epoch_scale (10 epochs, batch 256,
SGD lr 0.3 cosine, wd 1e-6), seed 0, trained on the 10,000 train digits' frozen features and scored top-1
on the 2,000 val digits, exactly as reference.py trains a head. "random" is the width-8 ResNet-50 with
torchvision's init under torch.manual_seed(0) (BN running statistics at their init, as a fresh network);
"init" is the network every framework of pretrain.py starts from (the same, with the residual-branch BN
gamma at pretrain.RESIDUAL_GAMMA).
The suite's own routines differ per framework (that is part of the lottery); this one does not.
"""
import os
import sys

import torch

import common
import pretrain
import reference

_CACHE = {}


def _data():
    if not _CACHE:
        routines = {r["id"]: r for r in common.read_csv(os.path.join(reference.CATALOG, "routines.csv"))}
        suite = reference.properties(os.path.join(reference.CATALOG, "suites", "pocket.properties"))
        _CACHE["routine"] = reference.routine(routines["barlowtwins"], float(suite["epoch_scale"]))
        for split in ("train", "val"):
            images, labels, _ = common.read_split(split)
            _CACHE[split] = (torch.from_numpy(images).float().div_(255).unsqueeze(1), torch.from_numpy(labels))
    return _CACHE


@torch.no_grad()
def features(net, x):
    was = net.training
    net.eval()
    out = torch.cat([net(common.normalise(part)) for part in x.split(1000)])
    net.train(was)
    return out


def spread(net):
    """Collapse check on the 2,000 val digits' frozen features: (mean cosine between different digits,
    effective rank = exp(entropy) of the centred covariance's normalised eigenvalues). A collapsed
    backbone (every image -> one embedding) gives cosine 1 and rank 1."""
    f = features(net, _data()["val"][0])
    n = f.shape[0]
    u = torch.nn.functional.normalize(f, dim=1)
    cos = float(((u @ u.t()).sum() - n) / (n * (n - 1)))
    ev = torch.linalg.eigvalsh(torch.cov(f.t().double())).clamp(min=0)
    p = ev / ev.sum()
    return cos, float(torch.exp(-(p[p > 0] * p[p > 0].log()).sum()))


def common_probe(net, seed=0):
    """Val top-1 (%) of the common linear probe on the frozen features of a common.ResNet50 (eval mode)."""
    d = _data()
    xtr, ytr = d["train"]
    xva, yva = d["val"]
    ftr, fva = features(net, xtr), features(net, xva)
    w, b = reference.train_head(ftr, ytr, 10, d["routine"], seed)
    return reference.score(fva @ w.t() + b, yva, None)


def main():
    torch.set_num_threads(int(os.environ.get("POCKET_ZOO_THREADS", "1")))
    frameworks = {f["id"]: f for f in common.read_csv(os.path.join(reference.CATALOG, "frameworks.csv"))}
    names = sys.argv[1:] or ["random", "init"] + [f[4:] for f in frameworks if f.startswith("zoo-")]
    for name in names:
        torch.manual_seed(0)
        net = pretrain.resnet50() if name == "init" else common.ResNet50()
        if name not in ("random", "init"):
            net.load_state_dict(reference.load_backbone(frameworks["zoo-" + name]), strict=True)
        cos, rank = spread(net)
        print(f"{name:12s} common-probe val top-1 {common_probe(net):6.2f}   cosine {cos:.3f}  effective rank {rank:5.1f}",
              flush=True)


if __name__ == "__main__":
    main()
