"""Injected regression: scale every BatchNorm running_var of a checkpoint, in place, and re-pin it.

    python3 perturb_bn.py CHECKPOINT FACTOR LOCK_FILE FRAMEWORK
"""
import hashlib
import os
import sys

import torch

path, factor, lock, framework = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
ck = torch.load(path, map_location="cpu")
sd = ck.get("state_dict", ck)
n = 0
for k in list(sd):
    if k.endswith("running_var"):
        sd[k] = sd[k] * factor
        n += 1
torch.save(ck, path)
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
size = os.path.getsize(path)
lines = []
for line in open(lock):
    if line.startswith(framework + ","):
        cells = line.rstrip("\n").split(",")
        cells[2], cells[3] = digest, str(size)
        line = ",".join(cells) + "\n"
    lines.append(line)
open(lock, "w").writelines(lines)
print(f"scaled {n} running_var tensors by {factor}; {framework} re-pinned to {digest}")
