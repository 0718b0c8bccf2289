"""Injected regression: relabel a fraction of a pocket split's samples to another class, in place.

    python3 shuffle_labels.py SPLIT_DIR FRACTION

Rewrites each .tar.gz shard with the same members in the same order; a chosen sample's .cls gets a
different class drawn uniformly (seeded: numpy seed 0), so the count and the file sizes stay the same.
"""
import glob
import io
import os
import sys
import tarfile

import numpy as np

split, fraction = sys.argv[1], float(sys.argv[2])
classes = [c.strip() for c in open(os.path.join(split, "classes.txt")) if c.strip()]
rng = np.random.default_rng(0)
changed = total = 0
for shard in sorted(glob.glob(os.path.join(split, "*.tar.gz"))):
    with tarfile.open(shard, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar]
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for m, data in members:
            if m.name.endswith(".cls"):
                total += 1
                if rng.random() < fraction:
                    old = data.decode().strip()
                    data = rng.choice([c for c in classes if c != old]).encode() + data[len(data.rstrip()):]
                    changed += 1
            tar.addfile(m, io.BytesIO(data) if data is not None else None)
    with open(shard, "wb") as f:
        f.write(out.getvalue())
print(f"relabelled {changed} of {total} samples in {split}")
