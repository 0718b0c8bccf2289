#!/usr/bin/python3
"""Writes the BYOL JAX-release fixture: a reduced-width ResNet-50 stored the way the official
release pretrain_res50x1.pkl is stored, plus the features PyTorch computes for it in both padding
conventions. Offline; Debian python3-torch, python3-numpy, python3-dill.

    /usr/bin/python3 tools/checkpoints/make_byol_fixture.py suite/src/test/resources/checkpoints

How the release is written (google-deepmind/deepmind-research, byol/):
  utils/checkpointing.py   dill.dump(dict(experiment_state=jax.tree_map(lambda x: jax.device_get(x[0]),
                           state), step=step, rng=rng), f, protocol=2)
  byol_experiment.py       state = _ByolExperimentState(online_params, target_params, online_state,
                           target_state, opt_state), a typing.NamedTuple
  utils/optimizers.py      opt_state = optax.chain(add_weight_decay, scale_by_lars, optax.scale).init:
                           (AddWeightDecayState(), ScaleByLarsState(mu=<params tree>), ScaleState())
  utils/networks.py        ResNet50 (haiku name res_net50): initial_conv 7x7/2 SAME, initial_batchnorm,
                           max_pool 3x3/2 SAME, hk.nets.ResNet.BlockGroup block_group_0..3 of BlockV1
                           (conv_0 1x1, conv_1 3x3 with the stride, conv_2 1x1, batchnorm_0..2,
                           shortcut_conv/shortcut_batchnorm on block 0), BatchNorm eps 1e-5
  haiku                    params/state are haiku mappings {module: {name: array}}; conv w is HWIO,
                           BatchNorm scale/offset and the mean_ema/var_ema states are (1, 1, 1, C);
                           ExponentialMovingAverage keeps counter (int32), hidden and the zero-debiased
                           average = hidden / (1 - decay**counter), which BatchNorm uses at inference
The classes are stubbed in modules of the same names (sys.modules) so the pickle names them exactly
as the release does: dill writes NamedTuple classes through dill._dill._create_namedtuple(name,
fields, module) and NumPy arrays through dill._dill._create_array; haiku's frozendict reduces to
haiku._src.data_structures.frozendict(dict).
"""
import collections
import os
import sys
import types
from typing import NamedTuple

import dill
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures  # noqa: E402  (the seeded torchvision-topology ResNet and its helpers)

WIDTH = 1           # keeps online + target + optimizer trees near 190 kB
DECAY = 0.9         # BYOL's BatchNorm decay_rate
COUNTER = 5         # few EMA updates: hidden != average, so reading the wrong one shows
EPS = 1e-5          # BYOL's ResNetTorso bn_config default, as torch's BatchNorm2d


def stub_module(name, **attrs):
    """A module registered under its dotted name (and its parents), holding attrs."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        sys.modules.setdefault(".".join(parts[:i]), types.ModuleType(".".join(parts[:i])))
        if i > 1:  # importable as a dotted path: each parent holds its child
            setattr(sys.modules[".".join(parts[:i - 1])], parts[i - 1], sys.modules[".".join(parts[:i])])
    m = sys.modules[name]
    for k, v in attrs.items():
        v.__module__ = name
        setattr(m, k, v)
    return m


class _ByolExperimentState(NamedTuple):
    online_params: object
    target_params: object
    online_state: object
    target_state: object
    opt_state: object


class ScaleByLarsState(NamedTuple):
    mu: object


class AddWeightDecayState(NamedTuple):
    """Stateless transformation."""


class ScaleState(NamedTuple):
    """The scale transformation is stateless (optax 2020: optax._src.transform.ScaleState)."""


class frozendict(collections.abc.Mapping):  # noqa: N801  (haiku's name)
    """haiku._src.data_structures.frozendict (2020): pickles as frozendict(self._storage)."""

    def __init__(self, *args, **kwargs):
        self._storage = dict(*args, **kwargs)

    def __getitem__(self, k):
        return self._storage[k]

    def __iter__(self):
        return iter(sorted(self._storage))

    def __len__(self):
        return len(self._storage)

    def __reduce__(self):
        return (frozendict, (self._storage,))


stub_module("byol.byol_experiment", _ByolExperimentState=_ByolExperimentState)
stub_module("byol.utils.optimizers", ScaleByLarsState=ScaleByLarsState, AddWeightDecayState=AddWeightDecayState)
stub_module("optax._src.transform", ScaleState=ScaleState)
stub_module("haiku._src.data_structures", frozendict=frozendict)


def haiku_names(model):
    """torchvision module name -> haiku module name, for the conv and BatchNorm layers."""
    out = {"conv1": "res_net50/~/initial_conv", "bn1": "res_net50/~/initial_batchnorm"}
    for g in range(4):
        layer = getattr(model, "layer%d" % (g + 1))
        for b in range(len(layer)):
            src, dst = "layer%d.%d." % (g + 1, b), "res_net50/~/block_group_%d/~/block_%d/~/" % (g, b)
            for i in range(3):
                out[src + "conv%d" % (i + 1)] = dst + "conv_%d" % i
                out[src + "bn%d" % (i + 1)] = dst + "batchnorm_%d" % i
            if layer[b].downsample is not None:
                out[src + "downsample.0"] = dst + "shortcut_conv"
                out[src + "downsample.1"] = dst + "shortcut_batchnorm"
    return out


def f32(t):
    return np.ascontiguousarray(t.detach().numpy().astype(np.float32))


def haiku_trees(model):
    """online params and state as haiku stores them (HWIO convs, (1,1,1,C) BatchNorm)."""
    sd = model.state_dict()
    params, state = {}, {}
    for tv, hk in haiku_names(model).items():
        if isinstance(model.get_submodule(tv), torch.nn.BatchNorm2d):
            c = sd[tv + ".weight"].numel()
            params[hk] = {"scale": f32(sd[tv + ".weight"]).reshape(1, 1, 1, c),
                          "offset": f32(sd[tv + ".bias"]).reshape(1, 1, 1, c)}
            for ema, stat in (("mean_ema", "running_mean"), ("var_ema", "running_var")):
                average = f32(sd[tv + "." + stat]).reshape(1, 1, 1, c)
                state[hk + "/~/" + ema] = {"counter": np.array(COUNTER, dtype=np.int32),
                                           "hidden": (average * (1 - DECAY ** COUNTER)).astype(np.float32),
                                           "average": average}
        else:
            params[hk] = {"w": f32(sd[tv + ".weight"].permute(2, 3, 1, 0))}  # OIHW -> HWIO
    return params, state


def heads(g, dim):
    """BYOL's projector/predictor MLPs and the online classifier, at toy sizes."""
    def rnd(*shape):
        return g.standard_normal(shape).astype(np.float32)
    params = {"classifier": {"w": rnd(dim, 10), "b": rnd(10)}}
    state = {}
    for mlp, fan_in in (("projector", dim), ("predictor", 8)):
        params[mlp + "/~/linear"] = {"w": rnd(fan_in, 16), "b": rnd(16)}
        params[mlp + "/~/batch_norm"] = {"scale": rnd(16), "offset": rnd(16)}
        params[mlp + "/~/linear_1"] = {"w": rnd(16, 8)}
        for ema in ("mean_ema", "var_ema"):
            state[mlp + "/~/batch_norm/~/" + ema] = {"counter": np.array(COUNTER, dtype=np.int32),
                                                     "hidden": rnd(16), "average": rnd(16)}
    return params, state


def frozen(tree):
    """Haiku's immutable two-level mapping, keys in sorted order as jax.tree_map rebuilds them."""
    return frozendict((k, frozendict(sorted(v.items()))) for k, v in sorted(tree.items()))


def like(tree, fn):
    return {k: {n: fn(a) for n, a in v.items()} for k, v in tree.items()}


def same_pad(x, k, s, value=0.0):
    """TF/haiku SAME padding for a k x k window with stride s: the odd pixel goes after."""
    def pads(n):
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        return total // 2, total - total // 2
    top, bottom = pads(x.shape[2])
    left, right = pads(x.shape[3])
    return F.pad(x, (left, right, top, bottom), value=value)


def conv_same(conv, x):
    return F.conv2d(same_pad(x, conv.kernel_size[0], conv.stride[0]), conv.weight, None, conv.stride)


def features_same(model, x):
    """What BYOL's haiku network computes (every conv and the max pool padded SAME)."""
    x = F.relu(model.bn1(conv_same(model.conv1, x)))
    x = F.max_pool2d(same_pad(x, 3, 2, float("-inf")), 3, 2)
    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        for blk in layer:
            out = F.relu(blk.bn1(conv_same(blk.conv1, x)))
            out = F.relu(blk.bn2(conv_same(blk.conv2, out)))
            out = blk.bn3(conv_same(blk.conv3, out))
            idt = x if blk.downsample is None else blk.downsample[1](conv_same(blk.downsample[0], x))
            x = F.relu(out + idt)
    return x.mean(dim=(2, 3))


def main(out):
    model = make_fixtures.model_with_random_state(WIDTH)
    images = np.load(os.path.join(out, "input.npy"))  # the parity fixtures' NHWC inputs
    x = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        torch_feats = model.features(x).numpy()
        same_feats = features_same(model, x).numpy()
    g = np.random.default_rng(make_fixtures.SEED)
    params, state = haiku_trees(model)
    head_params, head_state = heads(g, WIDTH * 32)
    params.update(head_params)
    state.update(head_state)
    # the momentum target: another network (so reading target instead of online shows)
    target = like(params, lambda a: (a + 0.25 * g.standard_normal(a.shape)).astype(a.dtype))
    target_state = like(state, lambda a: a.copy())
    mu = like(params, lambda a: (0.01 * g.standard_normal(a.shape)).astype(np.float32))
    experiment_state = _ByolExperimentState(
        online_params=frozen(params), target_params=frozen(target), online_state=frozen(state),
        target_state=frozen(target_state),
        opt_state=(AddWeightDecayState(), ScaleByLarsState(mu=frozen(mu)), ScaleState()))
    checkpoint = dict(experiment_state=experiment_state, step=COUNTER,
                      rng=np.array([0, 42], dtype=np.uint32))  # a jax PRNGKey pickles as its NumPy value
    path = os.path.join(out, "byol-jax.pkl")
    with open(path, "wb") as f:
        dill.dump(checkpoint, f, protocol=2)
    # the same classes through plain pickle: GLOBAL + NEWOBJ (protocol 2), STACK_GLOBAL + NEWOBJ (protocol 4)
    import pickle
    small = {"lars": ScaleByLarsState(mu=frozendict({"m": frozendict({"w": np.arange(6, dtype=np.float32).reshape(2, 3)})})),
             "decay": AddWeightDecayState()}
    for protocol in (2, 4):
        with open(os.path.join(out, "byol-plain-p%d.pkl" % protocol), "wb") as f:
            pickle.dump(small, f, protocol=protocol)
    make_fixtures.npy(os.path.join(out, "byol-features-torch.npy"), torch_feats)
    make_fixtures.npy(os.path.join(out, "byol-features-same.npy"), same_feats)
    diff = np.abs(torch_feats - same_feats).max() / np.abs(torch_feats).max()
    print("%s: %d bytes (dill %s, numpy %s, torch %s)" % (path, os.path.getsize(path), dill.__version__,
                                                         np.__version__, torch.__version__))
    print("features: max |torch-padding - SAME| / max |torch-padding| = %.3g" % diff)
    mean_rel = np.mean(np.linalg.norm(torch_feats - same_feats, axis=1) / np.linalg.norm(torch_feats, axis=1))
    print("features: mean per-image ||torch - SAME|| / ||torch|| = %.3g" % mean_rel)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "suite/src/test/resources/checkpoints")
