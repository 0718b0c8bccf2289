"""The PyTorch reference of the `pocket-protocols` suite: the pocket probe under three training protocols.

    /usr/bin/python3 tools/pocket-zoo/reference_protocols.py          # writes expected-results/pocket-protocols.csv
                                                                     # and tools/pocket-zoo/reference-protocols-run.json
    /usr/bin/python3 tools/pocket-zoo/reference_protocols.py --print --protocol=augmented --frameworks=zoo-dino --seeds=1
    /usr/bin/python3 tools/pocket-zoo/reference_protocols.py --summary  # the README's tables, from the run json

Issue 13. The pocket suite trains every head on cached features of the unaugmented training digits
(`center`). The official linear evaluations train with RandomResizedCrop + horizontal flip (PROTOCOLS.md
section 3); this script measures what that changes, with torchvision's transforms and torch's RNG,
independently of the Java suite (which draws from its own SplittableRandom streams: the two agree in
distribution, never bit for bit):

- `center`: reference.py's protocol, unchanged (the same heads, bit for bit: checked at start-up);
- `views-K`: K augmented views per training image, drawn once (a property of the data, shared by every
  head seed and by every framework with the same interpolation), their features extracted once; each
  epoch every image uses one of its K views, chosen uniformly by the head seed's augmentation stream;
- `augmented`: every epoch every training image gets a fresh augmentation from the head seed's
  augmentation stream and goes through the frozen backbone (eval mode, BN statistics frozen).

Everything else is the `center` head of reference.py (init, permutation, batches, lr schedule, optimizer,
last-epoch head) and the test side is untouched (the same variants, features and scoring). The train
transform T of a routine: RandomResizedCrop(28, scale (0.08, 1), ratio (3/4, 4/3)) then
RandomHorizontalFlip(0.5) on the 8-bit PIL digit, bicubic for BYOL's routine and bilinear otherwise, then
the test path's normalisation. 28 because the pocket preprocessing neither resizes nor crops: the crop is
resized back to the digit's own side.
"""
import json
import math
import os
import platform
import re
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from PIL import Image

import common
import reference

# The suite `pocket-protocols`: the pocket suite's data, routines and epoch_scale (suites/pocket.properties)
# restricted to these frameworks, under these protocols. BYOL is in it for the bicubic transform; pixels
# because its features are the augmented pixels themselves (no backbone to absorb the crop).
FRAMEWORKS = ["pixels", "zoo-simclr", "zoo-byol", "zoo-dino"]
PROTOCOLS = ["center", "views-2", "views-8", "augmented"]
VARIANTS = ["val", "v2", "rendition", "sketch", "adversarial"]
SHIFTS = ["v2", "rendition", "sketch", "adversarial"]
# as reference.py: seeds 0..19, so that `center` here is pocket.csv's reference, head for head
SEEDS = 20
# Views are drawn from torch's global RNG seeded with VIEW_SEED (issue 13), view-major: view k of image i
# is T's (k * n + i)-th draw, so views-2's views are the first two of views-8's.
VIEW_SEED = 13
# The head seed s owns two streams: torch.Generator(s) for the head (init, then one randperm per epoch:
# exactly reference.train_head's draws) and the augmentation stream seeded AUG_SEED_BASE + s (view choice,
# or fresh augmentations). Separate streams keep a seed's init and batch order the same under every
# protocol, so a protocol's gap to `center` is paired per seed and has less noise than either value.
AUG_SEED_BASE = 1_000_000
INTERPOLATION = {"byol": T.InterpolationMode.BICUBIC}  # deepmind byol eval: random crop + flip, bicubic
SIZE = 28
OUT_CSV = os.path.join(common.ROOT, "expected-results", "pocket-protocols.csv")
OUT_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-protocols-run.json")
COMMAND = "/usr/bin/python3 tools/pocket-zoo/reference_protocols.py"


def train_transform(routine_id):
    return T.Compose([
        T.RandomResizedCrop(SIZE, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3),
                            interpolation=INTERPOLATION.get(routine_id, T.InterpolationMode.BILINEAR)),
        T.RandomHorizontalFlip(p=0.5)])


def augment(images, transform):
    """One draw of `transform` per image, in index order, from torch's global RNG (torchvision's transforms
    take no generator in 0.14, hence the global one; nothing else draws from it while training)."""
    return np.stack([np.asarray(transform(Image.fromarray(a, mode="L"))) for a in images])


def train_head(epoch_features, y, classes, r, seed, after_epoch):
    """reference.train_head with the training features of each epoch supplied by `epoch_features(e)`
    (called before that epoch's steps), and `after_epoch(e, w, b)` after them (the per-epoch scores).
    The head's draws come from its own torch.Generator seeded like reference.py's global RNG, so the
    same seed gives the same init and permutations (check_center)."""
    g = torch.Generator().manual_seed(seed)
    n, dim = epoch_features(None).shape
    w = (torch.randn(classes, dim, generator=g) * 0.01).requires_grad_()
    b = torch.zeros(classes, requires_grad=True)
    batch = min(r["batch"], n)
    per_epoch = (n + batch - 1) // batch
    if r["opt"] == "sgd":
        opt = torch.optim.SGD([w, b], lr=r["lr"], momentum=r["momentum"], nesterov=r["nesterov"],
                              weight_decay=r["wd"])
    else:  # LARS as SimSiam's: weight decay + trust ratio on the weight only, then SGD momentum
        opt = torch.optim.SGD([w, b], lr=r["lr"], momentum=r["momentum"])
    it = 0
    for e in range(r["epochs"]):
        x = epoch_features(e)
        perm = torch.randperm(n, generator=g)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            lr = reference.learning_rate(r, it, per_epoch)
            for group in opt.param_groups:
                group["lr"] = lr
            loss = F.cross_entropy(x[idx] @ w.t() + b, y[idx])
            opt.zero_grad()
            loss.backward()
            if r["opt"] == "lars":
                with torch.no_grad():
                    grad = w.grad.add(w, alpha=r["wd"])
                    wn, gn = torch.norm(w), torch.norm(grad)
                    ratio = r["trust"] * wn / gn if wn > 0 and gn > 0 else 1.0
                    w.grad.copy_(grad * ratio)
            opt.step()
            it += 1
        after_epoch(e, w.detach(), b.detach())
    return w.detach(), b.detach()


def check_center(xtr, ytr, classes, r):
    """The refactored trainer must be reference.py's for `center`: same head, bit for bit, at seed 0."""
    w0, b0 = reference.train_head(xtr, ytr, classes, r, 0)
    w1, b1 = train_head(lambda e: xtr, ytr, classes, r, 0, lambda *a: None)
    if not (torch.equal(w0, w1) and torch.equal(b0, b1)):
        raise SystemExit(f"center head differs from reference.train_head ({r['id']}): max |dw| "
                         f"{float((w0 - w1).abs().max())}")


def parse_protocol(p):
    if p in ("center", "augmented"):
        return p, 0
    m = re.fullmatch(r"views-([1-9][0-9]*)", p)
    if not m:
        raise SystemExit(f"--protocol: expected center, views-K (K >= 1) or augmented, found {p}")
    return "views", int(m.group(1))


def arg(name, default):
    for a in sys.argv[1:]:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    if f"--{name}" in sys.argv[1:-1]:
        return sys.argv[sys.argv.index(f"--{name}") + 1]
    return default


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def declarations():
    """The pocket suite's declarations this reference reads: (suite, frameworks, routines, variants, epoch scale)."""
    suite = reference.properties(os.path.join(reference.CATALOG, "suites", "pocket.properties"))
    frameworks = {f["id"]: f for f in common.read_csv(os.path.join(reference.CATALOG, "frameworks.csv"))}
    routines = {r["id"]: r for r in common.read_csv(os.path.join(reference.CATALOG, "routines.csv"))}
    variants = {v["variant"]: v for v in common.read_csv(os.path.join(common.ROOT, suite["datasets"]))}
    return suite, frameworks, routines, variants, float(suite["epoch_scale"])


def pocket_data(suite, variants):
    """(splits, train images, train labels, classes, labels per variant, class subset per variant)."""
    splits = {v: common.read_split(variants[v]["dir"]) for v in [suite["train"]] + VARIANTS}
    train_images, ytr = splits[suite["train"]][0], torch.from_numpy(splits[suite["train"]][1])
    labels = {v: torch.from_numpy(splits[v][1]) for v in VARIANTS}
    subsets = {v: None if variants[v]["class_subset"] == "all" else [int(c) for c in variants[v]["class_subset"].split()]
               for v in VARIANTS}
    return splits, train_images, ytr, int(ytr.max()) + 1, labels, subsets


def main():
    torch.set_num_threads(int(os.environ.get("POCKET_ZOO_THREADS", "1")))
    suite, frameworks, routines, variants, scale = declarations()
    names = arg("frameworks", ",".join(FRAMEWORKS)).split(",")
    protocols = arg("protocol", ",".join(PROTOCOLS)).split(",")
    seeds = int(arg("seeds", SEEDS))
    for p in protocols:
        parse_protocol(p)
    # a partial run only prints: the committed files always hold the whole suite
    full = names == FRAMEWORKS and protocols == PROTOCOLS and "--print" not in sys.argv
    max_views = max([parse_protocol(p)[1] for p in protocols] + [0])

    t0 = time.time()
    splits, train_images, ytr, classes, labels, subsets = pocket_data(suite, variants)
    read_seconds = time.time() - t0
    metrics = {v: "subset-top1" if variants[v]["scoring"] == "subset" else "top1" for v in VARIANTS}

    view_images = {}  # interpolation -> [(seconds, uint8 [n,28,28]) per view]: shared by the frameworks using it
    raw, per_epoch, seconds = {}, {}, {}
    for name in names:
        f = frameworks[name]
        r = reference.routine(routines[f["routine"]], scale)
        transform = train_transform(r["id"])
        interp = INTERPOLATION.get(r["id"], T.InterpolationMode.BILINEAR).value
        t = time.time()
        extract = reference.extractor(f)  # builds the net (draws torch's global RNG): before any seeding below
        test = {v: extract(splits[v][0]) for v in VARIANTS}
        t1 = time.time()
        xtr = extract(train_images)
        seconds[name] = {"test_extract": round(t1 - t, 2), "train_extract": round(time.time() - t1, 2)}
        check_center(xtr, ytr, classes, r)

        if max_views:
            # drawn once per interpolation; a framework's augment seconds are those of its views' draw even
            # when an earlier framework drew them (what the protocol costs run alone)
            if interp not in view_images:
                torch.manual_seed(VIEW_SEED)
                drawn = []
                for _ in range(max_views):
                    t = time.time()
                    imgs = augment(train_images, transform)
                    drawn.append((time.time() - t, imgs))
                view_images[interp] = drawn
            views = []  # (augment seconds, extract seconds, features) per view
            for sec, imgs in view_images[interp]:
                t = time.time()
                x = extract(imgs)
                views.append((sec, time.time() - t, x))
        for p in protocols:
            kind, k = parse_protocol(p)
            clock = {"augment": 0.0, "extract": 0.0, "train": 0.0, "score": 0.0}
            if kind == "center":
                clock["extract"] = seconds[name]["train_extract"]
                stacked = None
            elif kind == "views":
                clock["augment"] = sum(s for s, _, _ in views[:k])
                clock["extract"] = sum(s for _, s, _ in views[:k])
                stacked = torch.stack([x for _, _, x in views[:k]])  # [K, n, dim]
            acc = {v: [] for v in VARIANTS}
            curve = {v: [] for v in VARIANTS}
            for seed in range(seeds):
                aug = torch.Generator().manual_seed(AUG_SEED_BASE + seed)
                if kind == "augmented":
                    torch.manual_seed(AUG_SEED_BASE + seed)
                seed_curve = {v: [] for v in VARIANTS}
                started = time.time()
                spent = [0.0]  # augment + extract + score inside this seed's training, subtracted from train

                def epoch_features(e):
                    if e is None:  # the shape only
                        return xtr
                    if kind == "center":
                        return xtr
                    if kind == "views":
                        choice = torch.randint(k, (xtr.shape[0],), generator=aug)
                        return stacked[choice, torch.arange(xtr.shape[0])]
                    t1 = time.time()
                    imgs = augment(train_images, transform)
                    t2 = time.time()
                    x = extract(imgs)
                    t3 = time.time()
                    clock["augment"] += t2 - t1
                    clock["extract"] += t3 - t2
                    spent[0] += t3 - t1
                    return x

                def after_epoch(e, w, b):
                    t1 = time.time()
                    for v in VARIANTS:
                        seed_curve[v].append(reference.score(test[v] @ w.t() + b, labels[v], subsets[v]))
                    spent[0] += time.time() - t1
                    clock["score"] += time.time() - t1

                w, b = train_head(epoch_features, ytr, classes, r, seed, after_epoch)
                clock["train"] += time.time() - started - spent[0]
                for v in VARIANTS:
                    # the reported head is the last epoch's, scored exactly as reference.py scores it
                    acc[v].append(reference.score(test[v] @ w.t() + b, labels[v], subsets[v]))
                    assert acc[v][-1] == seed_curve[v][-1] or math.isnan(acc[v][-1])
                    curve[v].append(seed_curve[v])
            seconds[name][p] = {key: round(val, 2) for key, val in clock.items()}
            for v in VARIANTS:
                raw[f"{name}/{v}/{p}"] = acc[v]
                per_epoch[f"{name}/{v}/{p}"] = curve[v]
            shifts = statistics.mean(statistics.mean(acc[v]) for v in SHIFTS)
            print(name, r["id"], r["epochs"], "epochs", p, {v: round(statistics.mean(a), 2) for v, a in acc.items()},
                  f"mean-shifts {shifts:.2f}", seconds[name][p], flush=True)
    if not full:
        return
    write(names, protocols, raw, metrics, seeds)
    run = {"command": COMMAND, "cpu": cpu_model(), "threads": torch.get_num_threads(), "torch": torch.__version__,
           "torchvision": torchvision.__version__, "pillow": Image.__version__, "seeds": list(range(seeds)),
           "view_seed": VIEW_SEED, "aug_seed_base": AUG_SEED_BASE, "read_seconds": round(read_seconds, 2),
           "seconds_doc": "per framework: test_extract = the frozen features of the five variants (shared by "
                          "the protocols), train_extract = of the train split (center's); per protocol: augment = "
                          "PIL transforms, extract = backbone on the augmented images (views: the K views once; "
                          "augmented: every epoch of every seed), train = head steps, score = per-epoch scoring "
                          "of the five variants; wall seconds, one thread",
           "seconds": seconds, "raw": raw,
           "per_epoch_doc": "per fixture, per seed (0..), the score of the head after each epoch (the last = raw)",
           "per_epoch": per_epoch}
    with open(OUT_JSON, "w") as fh:
        fh.write(compact_json(run) + "\n")


def summary():
    """The README's tables, from the committed run json: per framework and protocol, val and the mean of the
    four shifts (mean and seed sd over the seeds), the gap to `center` (paired per seed: same init and
    batch order), the wall seconds; then the same under the upstream "best epoch on val" rule."""
    run = json.load(open(OUT_JSON))
    raw, curves, secs = run["raw"], run["per_epoch"], run["seconds"]
    frameworks = list(secs)
    protocols = [p for p in secs[frameworks[0]] if p not in ("test_extract", "train_extract")]

    def ms(a):
        return f"{statistics.mean(a):.2f} ({statistics.stdev(a):.2f})"

    def per_seed(fw, p, pick):
        """(val, mean-shifts) per seed; pick(seed's val curve) = the epoch reported."""
        out = []
        for s, c in enumerate(curves[f"{fw}/val/{p}"]):
            e = pick(c)
            out.append((curves[f"{fw}/val/{p}"][s][e],
                        statistics.mean(curves[f"{fw}/{v}/{p}"][s][e] for v in SHIFTS)))
        return out

    rules = [("last epoch (reported)", lambda c: len(c) - 1),
             ("best epoch on val", lambda c: max(range(len(c)), key=lambda e: (c[e], -e)))]
    for title, pick in rules:
        print(f"\n{title}: mean (seed sd) over {len(run['seeds'])} seeds; gap = protocol - center, paired per seed\n")
        print("| framework | protocol | val | mean-shifts | gap val | gap mean-shifts | augment + extract s | train s |")
        print("|---|---|---|---|---|---|---|---|")
        for fw in frameworks:
            center = per_seed(fw, "center", pick)
            for p in protocols:
                cur = per_seed(fw, p, pick)
                gaps = [(a[0] - c[0], a[1] - c[1]) for a, c in zip(cur, center)]
                gv = "-" if p == "center" else ms([g[0] for g in gaps])
                gs = "-" if p == "center" else ms([g[1] for g in gaps])
                t = secs[fw][p]
                print(f"| {fw} | {p} | {ms([x[0] for x in cur])} | {ms([x[1] for x in cur])} | {gv} | {gs} | "
                      f"{t['augment'] + t['extract']:.1f} | {t['train']:.1f} |")


def compact_json(obj):
    """json with every list of numbers on one line (the per-epoch curves would be 60,000 lines otherwise)."""
    text = json.dumps(obj, indent=1)
    return re.sub(r"\[[^\[\]{}\"]*\]", lambda m: "[" + ", ".join(x.strip() for x in m.group(0)[1:-1].split(",")
                                                                  if x.strip()) + "]", text)


def write(names, protocols, raw, metrics, seeds):
    """The expectations: expected = the reference's mean over its seeds; the noise model as NOISE_DOC says."""
    pocket = pocket_noise()
    views = view_draws()
    with open(OUT_CSV, "w") as out:
        out.write(HEADER.replace("{R}", str(seeds)).replace("{R-1}", str(seeds - 1)))
        for name in names:
            for p in protocols:
                for v in VARIANTS:
                    a = raw[f"{name}/{v}/{p}"]
                    mean, sd, df, se = reference.noise(a)
                    if p == "center":  # pocket.csv's fixture: its calibrated noise (the Java suite's own)
                        sd, df, numeric = pocket[(name, v)]
                        why = "sd_seed, seed_df, sd_numeric: pocket.csv's calibrated row (the same fixture)"
                    elif p.startswith("views-"):
                        # this fixture's draw sd, at least the pooled share of sd_seed (the estimate is noisy);
                        # x sqrt 2: the reference's mean and the suite's each stand on a draw of their own
                        draw = max(views["sd_view"][f"{name}/{v}/{p}"], views["lambda"][p] * sd)
                        numeric = math.hypot(math.sqrt(2) * draw, KAPPA * sd)
                        why = (f"sd_seed the reference's own (df {df}); sd_numeric = hypot(sqrt 2 x sd of a view "
                               f"draw {draw:.3f}, {KAPPA} x sd_seed)")
                    else:
                        numeric = KAPPA * sd
                        why = f"sd_seed the reference's own (df {df}); sd_numeric = {KAPPA} x sd_seed"
                    out.write(f"{name},{v},{p},{metrics[v]},{mean:.3f},{sd:.3f},{df},{se:.3f},{numeric:.3f},0,"
                              f"\"{reference.SOURCE}/reference_protocols.py, mean of {len(a)} seeds; {why}\"\n")


# pocket.csv's pooled calibration: the spread of a many-seed mean over numeric environments is 0.068 x sd_seed
KAPPA = 0.068
VIEW_DRAWS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-view-draws.json")


def pocket_noise():
    """(sd_seed, seed_df, sd_numeric) of every pocket.csv fixture, calibrated by `./lottery calibrate`."""
    rows = common.read_csv(os.path.join(common.ROOT, "expected-results", "pocket.csv"))
    return {(r["framework"], r["variant"]): (float(r["sd_seed"]), int(r["seed_df"]), float(r["sd_numeric"]))
            for r in rows}


def view_draws():
    """reference_view_draws.py's measurement: per views-K fixture the sd of its many-seed mean over draws of its
    views ("sd_view"), and per K the pooled ratio of that sd to the seed sd ("lambda": sum of between-draw
    variances over sum of within-draw seed variances, clamped at 0)."""
    d = json.load(open(VIEW_DRAWS))
    s = len(d["seeds"])
    lam = {}
    for k in {key.rsplit("/", 1)[1] for key in d["means"]}:
        keys = [key for key in d["means"] if key.endswith("/" + k)]
        between = sum(statistics.variance(d["means"][key]) - statistics.mean(d["within_var"][key]) / s for key in keys)
        within = sum(statistics.mean(d["within_var"][key]) for key in keys)
        lam[k] = math.sqrt(max(0.0, between) / within)
    return {"sd_view": d["sd_view"], "lambda": lam}


def rewrite():
    """--noise: the CSV again from the committed run json (no training), with the current noise sources."""
    run = json.load(open(OUT_JSON))
    variants = {v["variant"]: v for v in common.read_csv(os.path.join(common.ROOT, "datasets/pocket/variants.csv"))}
    metrics = {v: "subset-top1" if variants[v]["scoring"] == "subset" else "top1" for v in VARIANTS}
    write(FRAMEWORKS, PROTOCOLS, run["raw"], metrics, len(run["seeds"]))


HEADER = """# Expected pocket-protocols values, top-1 %, each with the noise model its check allows for (issue 13).
# The pocket suite's fixtures (pixels, zoo-simclr, zoo-byol, zoo-dino; the pocket variants, routines and
# epoch_scale) under three training protocols of the linear head; `protocol` is the column after `variant`:
#   center    = the head trained on the frozen features of the unaugmented train digits (pocket.csv's protocol;
#               the rows equal pocket.csv's reference, same seeds, same heads);
#   views-K   = K views per train digit, drawn once, one of them chosen per image and epoch by the head seed;
#   augmented = a fresh view per train digit and epoch (the official protocol; the frozen backbone in eval mode).
# A view: torchvision RandomResizedCrop(28, scale 0.08-1, ratio 3/4-4/3; bicubic for zoo-byol's routine,
# bilinear otherwise) then RandomHorizontalFlip(0.5) on the 8-bit digit, then the test-time normalisation.
# Source "PyTorch reference, tools/pocket-zoo/reference_protocols.py" (command: /usr/bin/python3
# tools/pocket-zoo/reference_protocols.py; seeds, RNG streams and times in tools/pocket-zoo/reference-protocols-run.json):
# PyTorch and torchvision, independently of the Java code.
# expected = mean over R = {R} seeds (0..{R-1}) of the PyTorch probe, the last epoch's head; ref_se = sd_ref / sqrt(R).
# Noise (allowance 0 everywhere):
#   center rows: pocket.csv's calibrated sd_seed, seed_df and sd_numeric (the same fixtures; `lottery calibrate`);
#   views-K rows: sd_seed, seed_df = the reference's own per-seed sd (df R - 1); sd_numeric = hypot(sqrt 2 x
#     sd_view, 0.068 x sd_seed): sd_view = the sd of the fixture's many-seed mean over draws of its K views
#     (tools/pocket-zoo/reference_view_draws.py: 6 view seeds x 4 head seeds; at least the pooled ratio lambda_K x
#     sd_seed, lambda = 0.47 for K = 2, 0 for K = 8), sqrt 2 because the reference's mean and the suite's each
#     stand on one draw of their own, shared by their seeds; 0.068 x sd_seed = pocket.csv's pooled numeric spread;
#   augmented rows: the reference's own sd_seed (df R - 1), sd_numeric = 0.068 x sd_seed (fresh draws per seed
#     average out over the seeds).
#   `./lottery calibrate --suite pocket-protocols` replaces sd_seed, seed_df and sd_numeric with the suite's own.
# The check is pocket.csv's (dev.lottery.analysis.FixtureCheck):
#   sigma = sqrt(sd_seed^2 / n + ref_se^2 + sd_numeric^2)
#   fail when |mean - expected| > allowance + t(1 - a/2; seed_df) x sigma, a = 1 - (1 - 0.8 x F)^(1/m)
framework,variant,protocol,metric,expected,sd_seed,seed_df,ref_se,sd_numeric,allowance,source
"""

if __name__ == "__main__":
    if "--summary" in sys.argv:
        summary()
    elif "--noise" in sys.argv:
        rewrite()
    else:
        main()
