"""How much a views-K result moves with the draw of its K views (issue 13, pocket-protocols).

views-K draws its views once (a fixed view seed) and every head seed shares them, so the many-seed mean of a
views-K fixture is conditional on that draw: the Java suite and this reference each run on one draw of their
own, and their means differ by the draw's effect on top of the seeds' noise. This script measures it: for D
view seeds (13, 14, ...) it trains S head seeds on views-2 and views-8 (exactly reference_protocols.py's
protocol), and per fixture estimates the between-draw sd of the mean,
    sd_view^2 = var(draw means) - mean(within-draw seed var) / S     (clamped at 0),
which reference_protocols.py --noise writes as those rows' sd_numeric (the check's implementation term).

    /usr/bin/python3 tools/pocket-zoo/reference_view_draws.py            # writes reference-view-draws.json
    /usr/bin/python3 tools/pocket-zoo/reference_view_draws.py --draws=8 --seeds=5
"""
import json
import os
import statistics
import sys
import time

import torch

import reference
import reference_protocols as rp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-view-draws.json")
COMMAND = "/usr/bin/python3 tools/pocket-zoo/reference_view_draws.py"


def main():
    torch.set_num_threads(int(os.environ.get("POCKET_ZOO_THREADS", "1")))
    draws = int(rp.arg("draws", "8"))
    seeds = int(rp.arg("seeds", "5"))
    suite, frameworks, routines, variants, scale = rp.declarations()
    splits, train_images, ytr, classes, labels, subsets = rp.pocket_data(suite, variants)
    out = {"command": COMMAND, "cpu": rp.cpu_model(), "draws": draws, "view_seeds": [rp.VIEW_SEED + d for d in range(draws)],
           "seeds": list(range(seeds)), "means": {}, "within_var": {}, "sd_view": {}}
    t0 = time.time()
    for name in rp.FRAMEWORKS:
        f = frameworks[name]
        r = reference.routine(routines[f["routine"]], scale)
        transform = rp.train_transform(r["id"])
        extract = reference.extractor(f)
        test = {v: extract(splits[v][0]) for v in rp.VARIANTS}
        xtr = extract(train_images)
        for d in range(draws):
            torch.manual_seed(rp.VIEW_SEED + d)  # as reference_protocols.py draws its views, under another seed
            views = [extract(rp.augment(train_images, transform)) for _ in range(8)]
            for k in (2, 8):
                stacked = torch.stack(views[:k])
                acc = {v: [] for v in rp.VARIANTS}
                for seed in range(seeds):
                    aug = torch.Generator().manual_seed(rp.AUG_SEED_BASE + seed)

                    def epoch_features(e):
                        if e is None:
                            return xtr
                        choice = torch.randint(k, (xtr.shape[0],), generator=aug)
                        return stacked[choice, torch.arange(xtr.shape[0])]

                    w, b = rp.train_head(epoch_features, ytr, classes, r, seed, lambda e, w, b: None)
                    for v in rp.VARIANTS:
                        acc[v].append(reference.score(test[v] @ w.t() + b, labels[v], subsets[v]))
                for v in rp.VARIANTS:
                    key = f"{name}/{v}/views-{k}"
                    out["means"].setdefault(key, []).append(statistics.mean(acc[v]))
                    out["within_var"].setdefault(key, []).append(statistics.variance(acc[v]))
            print(name, "draw", d, {k: round(m[-1], 2) for k, m in out["means"].items() if k.startswith(name + "/val")},
                  f"{time.time() - t0:.0f}s", flush=True)
    for key, means in out["means"].items():
        between = statistics.variance(means) - statistics.mean(out["within_var"][key]) / seeds
        out["sd_view"][key] = round(max(0.0, between) ** 0.5, 3)
    out["seconds"] = round(time.time() - t0, 1)
    with open(OUT, "w") as fh:
        fh.write(rp.compact_json(out) + "\n")
    print(json.dumps(out["sd_view"], indent=1))


if __name__ == "__main__":
    main()
