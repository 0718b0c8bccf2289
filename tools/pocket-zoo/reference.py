"""The PyTorch reference of the pocket suite: frozen features -> declared linear routine -> scores.

    /usr/bin/python3 tools/pocket-zoo/reference.py            # writes expected-results/pocket.csv
    /usr/bin/python3 tools/pocket-zoo/reference.py --print    # only prints the table
    /usr/bin/python3 tools/pocket-zoo/reference.py --print --seeds=3 --frameworks=pixels,zoo-dino   # look only

Independent of the Java suite: it reads the same declarations (frameworks.csv, routines.csv,
preprocessing.csv, suites/pocket.properties, datasets/pocket/variants.csv) and implements the probe as
documented in dev.lottery.probe.{Routine,LinearProbe,ProbeStep} with torch.optim.SGD: head N(0, 0.01^2),
bias 0, a fresh permutation per epoch, the last partial batch kept (mean over its own rows), the learning
rate set per iteration (cosine / step / warmup), the last epoch's head. Seeds 0..19 seed torch's RNG,
so the draws differ from Java's SplittableRandom streams: the suite's n-seed mean and this R-seed mean are
independent estimates of one expectation (see HEADER for the check).
"""
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import common
import java_random

CATALOG = os.path.join(common.ROOT, "suite", "catalog")
SOURCE = "PyTorch reference, tools/pocket-zoo"
# the reference averages more seeds than the suite's 3, so that its own mean and its estimate of the
# seed sd (which sets the tolerance) are not themselves 3-sample noise
REFERENCE_SEEDS = 20


def properties(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def learning_rate(r, it, per_epoch):
    total, warm = r["epochs"] * per_epoch, r["warmup"] * per_epoch
    if r["schedule"] == "constant":
        base = r["lr"]
    elif r["schedule"] == "step":
        base = r["lr"] * r["gamma"] ** sum(1 for m in r["milestones"] if m <= it // per_epoch)
    else:
        base = r["lr"] if it < warm else r["lr"] * 0.5 * (1 + math.cos(math.pi * (it - warm) / (total - warm)))
    return base * it / warm if it < warm else base


def routine(row, scale):
    epochs = int(row["epochs"])
    new = max(1, round(epochs * scale))  # Routine.scaledEpochs (Math.round: half up; no .5 cases here)
    f = new / epochs
    milestones = [max(1, min(new, round(int(m) * f))) for m in row["milestones"].split()]
    warm = int(row["warmup_epochs"])
    warm = 0 if warm == 0 else min(max(1, round(warm * f)), new - 1)
    return {"id": row["id"], "opt": row["optimizer"].lower(), "lr": float(row["lr"]), "momentum": float(row["momentum"]),
            "nesterov": row["nesterov"] == "true", "wd": float(row["weight_decay"]), "schedule": row["schedule"],
            "milestones": milestones, "gamma": float(row["gamma"]), "warmup": warm, "epochs": new,
            "batch": int(row["batch_size"]), "trust": float(row["lars_trust"])}


def train_head(x, y, classes, r, seed):
    torch.manual_seed(seed)
    n, dim = x.shape
    w = (torch.randn(classes, dim) * 0.01).requires_grad_()
    b = torch.zeros(classes, requires_grad=True)
    batch = min(r["batch"], n)
    per_epoch = (n + batch - 1) // batch
    if r["opt"] == "sgd":
        opt = torch.optim.SGD([w, b], lr=r["lr"], momentum=r["momentum"], nesterov=r["nesterov"],
                              weight_decay=r["wd"])
    else:  # LARS as SimSiam's: weight decay + trust ratio on the weight only, then SGD momentum
        opt = torch.optim.SGD([w, b], lr=r["lr"], momentum=r["momentum"])
    it = 0
    for _ in range(r["epochs"]):
        perm = torch.randperm(n)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            lr = learning_rate(r, it, per_epoch)
            for g in opt.param_groups:
                g["lr"] = lr
            loss = F.cross_entropy(x[idx] @ w.t() + b, y[idx])
            opt.zero_grad()
            loss.backward()
            if r["opt"] == "lars":
                with torch.no_grad():
                    g = w.grad.add(w, alpha=r["wd"])
                    wn, gn = torch.norm(w), torch.norm(g)
                    ratio = r["trust"] * wn / gn if wn > 0 and gn > 0 else 1.0
                    w.grad.copy_(g * ratio)
            opt.step()
            it += 1
    return w.detach(), b.detach()


def score(logits, labels, subset):
    if subset is not None:
        mask = torch.full((logits.shape[1],), float("-inf"))
        mask[subset] = 0
        logits = logits + mask
    if torch.isnan(logits).any():
        return float("nan")
    return float((logits.argmax(1) == labels).float().mean() * 100)


def features(framework, images, prep):
    return extractor(framework)(images)


def extractor(framework):
    """images (uint8 [n,28,28]) -> features, the framework's frozen network built once, in eval mode.

    Building the network runs torchvision's init, which draws from torch's global RNG before the checkpoint
    overwrites it: a caller that seeds augmentations from that RNG builds its extractor first
    (reference_protocols.py)."""
    net = None
    if framework["backbone"] != "pixels":
        net = common.ResNet50(int(framework["width"]))
        if framework["backbone"] == "random-resnet":  # Java's seeded He init, redrawn here (java_random.py)
            net.load_state_dict(java_random.he_init(net, int(framework["init_seed"])), strict=True)
        else:
            net.load_state_dict(load_backbone(framework), strict=True)
        net.eval()

    @torch.no_grad()
    def run(images):
        x = torch.from_numpy(images).float().div_(255).unsqueeze(1)
        if net is None:
            return ((x - common.MEAN) / common.STD).flatten(1)
        return torch.cat([net(common.normalise(part)) for part in x.split(1000)])
    return run


def checkpoint_path(framework):
    return os.path.join(common.ROOT, framework["checkpoint_url"])


# the key layouts of the zoo's checkpoints -> torchvision names (mirrors dev.lottery.backbone.checkpoint.KeyMaps)
PREFIX = {"moco": "module.encoder_q.", "simsiam": "module.encoder.", "swav": "module."}


def load_backbone(framework):
    ck = torch.load(checkpoint_path(framework), map_location="cpu")
    sd = ck.get("state_dict", ck)
    prefix = PREFIX.get(framework["keymap"], "")
    out = {}
    for k, v in sd.items():
        if not k.startswith(prefix):
            continue
        k = k[len(prefix):]
        if k.startswith(("fc", "projection_head", "prototypes")):
            continue
        out[k] = v
    return out


def main():
    torch.set_num_threads(int(os.environ.get("POCKET_ZOO_THREADS", "1")))
    suite = properties(os.path.join(CATALOG, "suites", "pocket.properties"))
    frameworks = {f["id"]: f for f in common.read_csv(os.path.join(CATALOG, "frameworks.csv"))}
    routines = {r["id"]: r for r in common.read_csv(os.path.join(CATALOG, "routines.csv"))}
    variants = {v["variant"]: v for v in common.read_csv(os.path.join(common.ROOT, suite["datasets"]))}
    scale = float(suite["epoch_scale"])
    # --seeds=N (seeds 0..N-1) only with --print: pocket.csv's noise model stands on REFERENCE_SEEDS seeds
    seeds = int(next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--seeds=")), REFERENCE_SEEDS))
    if seeds != REFERENCE_SEEDS and "--print" not in sys.argv:
        sys.exit(f"--seeds={seeds} only with --print: expected-results/pocket.csv is the mean of {REFERENCE_SEEDS} seeds")
    names = suite["frameworks"].split(",")
    only = [a.split("=", 1)[1].split(",") for a in sys.argv[1:] if a.startswith("--frameworks=")]
    names = [n for n in names if not only or n in only[0]]
    splits = {v: common.read_split(variants[v]["dir"]) for v in [suite["train"]] + suite["variants"].split(",")}
    rows, timings = [], {}
    for name in names:
        t0 = time.time()
        f = frameworks[name]
        r = routine(routines[f["routine"]], scale)
        feats = {v: features(f, imgs, f["preprocessing"]) for v, (imgs, _, _) in splits.items()}
        xtr, ytr = feats[suite["train"]], torch.from_numpy(splits[suite["train"]][1])
        classes = int(ytr.max()) + 1
        acc = {v: [] for v in suite["variants"].split(",")}
        for seed in range(seeds):
            w, b = train_head(xtr, ytr, classes, r, seed)
            for v in acc:
                sub = variants[v]["class_subset"]
                subset = None if sub == "all" else [int(c) for c in sub.split()]
                acc[v].append(score(feats[v] @ w.t() + b, torch.from_numpy(splits[v][1]), subset))
        timings[name] = round(time.time() - t0, 1)
        for v, a in acc.items():
            metric = "subset-top1" if variants[v]["scoring"] == "subset" else "top1"
            rows.append((name, v, metric, a))
        print(name, r["id"], r["epochs"], "epochs", {v: [round(x, 2) for x in a] for v, a in acc.items()},
              f"{timings[name]}s", flush=True)
    if "--print" in sys.argv:
        return
    write(rows)
    with open(os.path.join(os.path.dirname(__file__), "reference-run.json"), "w") as fh:
        json.dump({"seconds": timings, "torch": torch.__version__, "threads": torch.get_num_threads(),
                   "raw": {f"{a}/{b}": c for a, b, _, c in rows}}, fh, indent=1)


def noise(a):
    """(mean, sd_seed, seed_df, ref_se) of R per-seed accuracies (see HEADER)."""
    sd = statistics.stdev(a) if len(a) > 1 else 0.0
    return statistics.mean(a), sd, len(a) - 1, sd / math.sqrt(len(a))


def write(rows):
    path = os.path.join(common.ROOT, "expected-results", "pocket.csv")
    with open(path, "w") as out:
        out.write(HEADER)
        for name, v, metric, a in rows:
            mean, sd, df, se = noise(a)
            out.write(f"{name},{v},{metric},{mean:.3f},{sd:.3f},{df},{se:.3f},0,0,"
                      f"\"{SOURCE} (mean of {len(a)} seeds)\"\n")


HEADER = """# Expected pocket-suite values, top-1 %, each with the noise model its check allows for.
# Source "PyTorch reference, tools/pocket-zoo": tools/pocket-zoo/reference.py recomputes every fixture with
# PyTorch (same PNGs, same preprocessing, same checkpoints through the same key layouts, random-resnet's He init
# redrawn from Java's seeded generator by tools/pocket-zoo/java_random.py, the same declared routine scaled by
# epoch_scale, the same scoring rules) independently of the Java code: no fixture is checked against itself.
# expected = mean over R = 20 seeds (0..19) of the PyTorch probe; ref_se = its standard error, sd_ref / sqrt(R).
# sd_seed, seed_df = the per-seed sd of the suite's own (Java) scores and its degrees of freedom; sd_numeric =
# the sd of the many-seed mean over numeric environments (oneDNN ISA caps, oneDNN off, thread counts) beyond
# what their seeds explain. Both are measured by `./lottery calibrate` (docs: README, "Verdicts"); before a
# calibration they are the reference's own sd_seed (df R - 1) and 0.
# The check (dev.lottery.analysis.FixtureCheck): with n the run's seeds and m its checked fixtures,
#   sigma = sqrt(sd_seed^2 / n + ref_se^2 + sd_numeric^2)
#   fail when |mean - expected| > allowance + t(1 - a/2; seed_df) x sigma, a = 1 - (1 - 0.8 x F)^(1/m)
#   detectable (95% power) = allowance + (t(1 - a/2; seed_df) + t(0.95; seed_df)) x sigma
# with F = the suite's family-wise false-alarm rate (false_alarm_rate, 0.01): an honest run fails anywhere with
# probability at most F (0.8 F for the fixtures, 0.1 F for each of the two suite-level tests).
# allowance = a declared systematic band in pp (0 here: no known systematic difference).
framework,variant,metric,expected,sd_seed,seed_df,ref_se,sd_numeric,allowance,source
"""

if __name__ == "__main__":
    main()
