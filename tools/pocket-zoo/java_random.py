"""java.util.Random and dev.lottery.backbone.HeInit, reimplemented from their specifications.

random-resnet's He init is drawn by Java's seeded generator; to check that fixture against an
independent reference, the reference draws the same weights itself: java.util.Random is specified
bit for bit by the JDK (a 48-bit LCG, nextDouble from 26 + 27 bits, nextGaussian by Marsaglia's polar
method with StrictMath.log/sqrt), and HeInit consumes one stream in ResNetSpec's key order (conv
weights N(0, 2 / (out * kh * kw)) as torchvision's kaiming_normal_(fan_out); BatchNorm weight 1, bias 0,
running mean 0, running var 1). Python's math.log may differ from fdlibm's StrictMath.log by an ulp
on rare inputs; the check in the README compares the weights drawn here with Java's.
"""
import math

import numpy as np
import torch

MULT, ADD, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ MULT) & MASK
        self.next_gaussian = None

    def next(self, bits):
        self.seed = (self.seed * MULT + ADD) & MASK
        return self.seed >> (48 - bits)  # non-negative for bits <= 31: Java's int is the same value

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * (1.0 / (1 << 53))

    def gaussian(self, count):
        """count successive nextGaussian() values as float64."""
        out = np.empty(count, dtype=np.float64)
        i = 0
        if self.next_gaussian is not None and count > 0:
            out[0] = self.next_gaussian
            self.next_gaussian = None
            i = 1
        seed, scale = self.seed, 1.0 / (1 << 53)
        while i < count:
            while True:
                seed = (seed * MULT + ADD) & MASK
                a = seed >> 22
                seed = (seed * MULT + ADD) & MASK
                v1 = 2 * (((a << 27) + (seed >> 21)) * scale) - 1
                seed = (seed * MULT + ADD) & MASK
                a = seed >> 22
                seed = (seed * MULT + ADD) & MASK
                v2 = 2 * (((a << 27) + (seed >> 21)) * scale) - 1
                s = v1 * v1 + v2 * v2
                if 0 < s < 1:
                    break
            m = math.sqrt(-2 * math.log(s) / s)
            out[i] = v1 * m
            i += 1
            if i < count:
                out[i] = v2 * m
                i += 1
            else:
                self.next_gaussian = v2 * m
        self.seed = seed
        return out


def he_init(net, seed):
    """HeInit.resnet(spec, seed) for a common.ResNet50 `net`: its state dict, drawn as Java draws it."""
    rng = JavaRandom(seed)
    state = {}
    for key, value in net.state_dict().items():  # torchvision order = ResNetSpec.expectedWeights order
        if key.endswith("num_batches_tracked"):
            state[key] = value
        elif value.dim() == 4:
            out, _, kh, kw = value.shape
            std = math.sqrt(2.0 / (out * kh * kw))
            state[key] = torch.from_numpy((rng.gaussian(value.numel()) * std).astype(np.float32).reshape(value.shape))
        elif key.endswith(".weight") or key.endswith(".running_var"):
            state[key] = torch.ones_like(value)
        else:
            state[key] = torch.zeros_like(value)
    return state
