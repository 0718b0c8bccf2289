"""Pretrains the pocket zoo: one reduced-width ResNet-50 per SSL framework on the pocket train digits.

    /usr/bin/python3 tools/pocket-zoo/pretrain.py <framework>|all

Labels are never read. Every framework gets the same data, augmentation family, optimizer, batch size and
number of steps (BUDGET); only its objective (and the heads it needs) differs. Each checkpoint is written in
its framework's official key layout to datasets/pocket/zoo/<framework>/<file>, its loss curve to
tools/pocket-zoo/curves/<framework>.csv.
"""
import copy
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import common
from torchvision.models.resnet import Bottleneck

SEED = 0
STEPS = 160          # the budget: optimizer steps per framework
BATCH = 256          # images per step (each seen as 2 global views, plus local views for SwAV/DINO)
LR, MOMENTUM, WD, WARMUP = 0.05, 0.9, 1e-4, 20   # SGD, linear warmup then cosine, for every framework
LOCAL_CROPS, LOCAL_SIZE = 4, 16                   # multi-crop (SwAV, DINO)
GLOBAL_AREA, LOCAL_AREA = (0.5, 1.0), (0.15, 0.5)  # crop area ranges at full strength
S0, S1, RAMP = 1.0, 1.0, 0.0   # augmentation curriculum (see strength)
RESIDUAL_GAMMA = 0.1
EPOCH_STEPS = 10000 // BATCH   # one epoch of the train digits (39 steps): DINO's and SwAV's freeze periods
PROJ = 128           # projector / embedding width at this scale (2048-8192 at full scale)

FILES = {  # the release file name each official layout ships under (frameworks.csv url's last segment)
    "simclr": "ResNet50_1x.pth", "moco": "moco_v2_pretrain.pth.tar", "byol": "pretrain_res50x1.pth",
    "simsiam": "checkpoint_pretrain.pth.tar", "barlowtwins": "resnet50.pth", "vicreg": "resnet50.pth",
    "swav": "swav_pretrain.pth.tar", "dino": "dino_resnet50_pretrain.pth",
}


# ----------------------------------------------------------------------------------------- augmentation
def views(x, size, scale, gen, s=1.0):
    """Random resized crop + rotation/shear (one affine), elastic jitter, blur, contrast; x: [n,1,28,28] in [0,1].

    `s` in [0, 1] scales every magnitude of the family (0: the digit itself, resized to `size`; 1: full
    strength); the random draws are the same whatever `s`, so the stream of the generator does not depend on it.
    """
    n = x.shape[0]
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(n, generator=gen)
    area = u(*scale)
    logr = u(math.log(3 / 4), math.log(4 / 3)) * s
    sx, sy = torch.sqrt(area * torch.exp(logr)), torch.sqrt(area / torch.exp(logr))
    sx, sy = sx.clamp(max=1.0), sy.clamp(max=1.0)
    tx, ty = (1 - sx) * u(-1, 1), (1 - sy) * u(-1, 1)
    rot = u(-15, 15) * math.pi / 180 * s
    shear = u(-0.15, 0.15) * s
    c, sn = torch.cos(rot), torch.sin(rot)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1], theta[:, 0, 2] = sx * c, -sy * sn + shear * sx, tx
    theta[:, 1, 0], theta[:, 1, 1], theta[:, 1, 2] = sx * sn, sy * c, ty
    grid = F.affine_grid(theta, (n, 1, size, size), align_corners=False)
    # elastic-ish jitter: a smooth random displacement field (4x4 control points, bicubic)
    field = torch.randn(n, 2, 4, 4, generator=gen) * 0.04 * s
    field = F.interpolate(field, size=(size, size), mode="bicubic", align_corners=False)
    grid = grid + field.permute(0, 2, 3, 1)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # blur with p 0.5: blend towards a 3x3 gaussian (sigma ~0.8)
    k = torch.tensor([0.25, 0.5, 0.25])
    k = (k[:, None] * k[None, :])[None, None]
    blurred = F.conv2d(out, k, padding=1)
    a = (torch.rand(n, 1, 1, 1, generator=gen) < 0.5).float() * torch.rand(n, 1, 1, 1, generator=gen) * s
    out = out * (1 - a) + blurred * a
    # contrast / brightness jitter with p 0.8
    on = (torch.rand(n, 1, 1, 1, generator=gen) < 0.8).float() * s
    cgain = 1 + on * (torch.rand(n, 1, 1, 1, generator=gen) * 0.8 - 0.4)
    bias = on * (torch.rand(n, 1, 1, 1, generator=gen) * 0.4 - 0.2)
    out = (out * cgain + bias).clamp(0, 1)
    return common.normalise(out)


def strength(step):
    """The augmentation curriculum, the same for every framework: S0 at step 0, linear to S1 at RAMP x STEPS."""
    return S0 + (S1 - S0) * min(1.0, step / max(1, RAMP * STEPS))


def global_views(x, gen, step):
    s = strength(step)
    lo = 1 - s * (1 - GLOBAL_AREA[0])
    return views(x, 28, (lo, 1.0), gen, s), views(x, 28, (lo, 1.0), gen, s)


def local_views(x, gen, step):
    s = strength(step)
    lo, hi = 1 - s * (1 - LOCAL_AREA[0]), 1 - s * (1 - LOCAL_AREA[1])
    return [views(x, LOCAL_SIZE, (lo, hi), gen, s) for _ in range(LOCAL_CROPS)]


def resnet50():
    """The backbone every framework starts from: torchvision's init, except that the last BN of each
    residual branch starts at RESIDUAL_GAMMA (0: torchvision's zero_init_residual=True; 1: its default)."""
    net = common.ResNet50()
    if RESIDUAL_GAMMA != 1.0:
        for m in net.modules():
            if isinstance(m, Bottleneck):
                nn.init.constant_(m.bn3.weight, RESIDUAL_GAMMA)
    return net


def mlp(dims, bn_last=False, affine_last=True):
    layers = []
    for i in range(len(dims) - 1):
        last = i == len(dims) - 2
        layers.append(nn.Linear(dims[i], dims[i + 1], bias=last and not bn_last))
        if not last:
            layers += [nn.BatchNorm1d(dims[i + 1]), nn.ReLU(inplace=True)]
        elif bn_last:
            layers.append(nn.BatchNorm1d(dims[i + 1], affine=affine_last))
    return nn.Sequential(*layers)


class Encoder(nn.Module):
    """A ResNet50 whose fc is a projector, as MoCo v2 / SimSiam keep it (encoder.fc = projector)."""

    def __init__(self, fc):
        super().__init__()
        self.net = resnet50()
        self.net.fc = fc

    def forward(self, x):
        return self.net.fc(self.net(x))


def momentum_update(online, target, m):
    """EMA of the parameters only, as facebookresearch/moco (_momentum_update_key_encoder) and dino
    (main_dino.py, "EMA update for the teacher"): the target's BN running statistics are its own, updated
    by its own train-mode forward passes."""
    with torch.no_grad():
        for p, q in zip(online.parameters(), target.parameters()):
            q.mul_(m).add_(p.detach(), alpha=1 - m)


def momentum_at(step, base):
    """BYOL/DINO cosine increase of the target momentum from `base` to 1."""
    return 1 - (1 - base) * (math.cos(math.pi * step / STEPS) + 1) / 2


# ----------------------------------------------------------------------------------------- objectives
class SimCLR(nn.Module):
    """NT-Xent over 2N views (temperature 0.2), projector 2-layer MLP."""

    def __init__(self):
        super().__init__()
        self.backbone = resnet50()
        d = self.backbone.dim
        self.head = nn.Sequential(nn.Linear(d, d), nn.BatchNorm1d(d), nn.ReLU(inplace=True), nn.Linear(d, PROJ))

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        z = F.normalize(self.head(self.backbone(torch.cat([a, b]))), dim=1)
        n = a.shape[0]
        sim = z @ z.t() / 0.2
        sim.fill_diagonal_(-1e9)
        target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
        return F.cross_entropy(sim, target)

    def checkpoint(self):
        # tonylins/simclr-converter: {'state_dict': torchvision names} (its fc: the released linear head; none here)
        return {"state_dict": common.backbone_state(self.backbone)}


class MoCo(nn.Module):
    """MoCo v2: query/key encoders (fc = 2-layer MLP), momentum 0.99, queue of 4096 keys, InfoNCE at T 0.2."""
    K, M, T = 4096, 0.99, 0.2

    def __init__(self):
        super().__init__()
        d = resnet50().dim
        self.encoder_q = Encoder(nn.Sequential(nn.Linear(d, d), nn.ReLU(inplace=True), nn.Linear(d, PROJ)))
        self.encoder_k = copy.deepcopy(self.encoder_q)
        for p in self.encoder_k.parameters():
            p.requires_grad = False
        self.register_buffer("queue", F.normalize(torch.randn(PROJ, self.K), dim=0))
        self.register_buffer("queue_ptr", torch.zeros(1, dtype=torch.long))

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        q = F.normalize(self.encoder_q(a), dim=1)
        with torch.no_grad():
            momentum_update(self.encoder_q, self.encoder_k, self.M)
            # shuffling BN: the keys' batch statistics come from a permuted batch split in halves
            perm = torch.randperm(b.shape[0], generator=gen)
            halves = [self.encoder_k(part) for part in b[perm].chunk(2)]
            k = torch.empty_like(q)
            k[perm] = F.normalize(torch.cat(halves), dim=1)
        logits = torch.cat([(q * k).sum(1, keepdim=True), q @ self.queue.clone().detach()], dim=1) / self.T
        loss = F.cross_entropy(logits, torch.zeros(q.shape[0], dtype=torch.long))
        with torch.no_grad():
            ptr = int(self.queue_ptr)
            self.queue[:, ptr:ptr + k.shape[0]] = k.t()
            self.queue_ptr[0] = (ptr + k.shape[0]) % self.K
        return loss

    def checkpoint(self):
        # facebookresearch/moco main_moco.py: DDP-wrapped MoCo state dict under 'state_dict'
        sd = {"module." + k: v.detach().clone() for k, v in self.state_dict().items()}
        sd = {k.replace(".net.", "."): v for k, v in sd.items()}
        # the key encoder and the queue ride along as in the official file, but in half precision: the
        # suite ignores both, and in float32 they would double the file (6.1 MB instead of 4.1 MB)
        sd = {k: v.half() if k.startswith(("module.encoder_k.", "module.queue")) and v.is_floating_point() else v
              for k, v in sd.items()}
        return {"epoch": STEPS, "arch": "resnet50", "state_dict": sd}


class BYOL(nn.Module):
    """Online encoder + projector + predictor; target = momentum copy (0.99 -> 1, cosine); symmetric loss."""

    def __init__(self):
        super().__init__()
        self.backbone = resnet50()
        d = self.backbone.dim
        self.projector = mlp([d, 2 * d, PROJ])
        self.predictor = mlp([PROJ, 2 * d, PROJ])
        self.target = copy.deepcopy(nn.ModuleList([self.backbone, self.projector]))
        for p in self.target.parameters():
            p.requires_grad = False

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        both = torch.cat([a, b])
        p = F.normalize(self.predictor(self.projector(self.backbone(both))), dim=1)
        with torch.no_grad():
            momentum_update(nn.ModuleList([self.backbone, self.projector]), self.target, momentum_at(step, 0.99))
            z = F.normalize(self.target[1](self.target[0](both)), dim=1)
        z = torch.cat(z.chunk(2)[::-1])  # each view predicts the other's target
        return (2 - 2 * (p * z).sum(1)).mean()

    def checkpoint(self):
        # ajtejankar/byol-convert: the online encoder's torchvision state dict
        return common.backbone_state(self.backbone)


class SimSiam(nn.Module):
    """Encoder (fc = 3-layer projector with BN) + 2-layer predictor; negative cosine with stop-gradient."""

    def __init__(self):
        super().__init__()
        d = resnet50().dim
        self.encoder = Encoder(nn.Sequential(
            nn.Linear(d, d, bias=False), nn.BatchNorm1d(d), nn.ReLU(inplace=True),
            nn.Linear(d, d, bias=False), nn.BatchNorm1d(d), nn.ReLU(inplace=True),
            nn.Linear(d, PROJ), nn.BatchNorm1d(PROJ, affine=False)))
        self.encoder.net.fc[6].bias.requires_grad = False  # as main_simsiam.py (followed by BN)
        self.predictor = nn.Sequential(nn.Linear(PROJ, PROJ // 2, bias=False), nn.BatchNorm1d(PROJ // 2),
                                       nn.ReLU(inplace=True), nn.Linear(PROJ // 2, PROJ))

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        z1, z2 = self.encoder(a), self.encoder(b)
        p1, p2 = self.predictor(z1), self.predictor(z2)
        return -(F.cosine_similarity(p1, z2.detach()).mean() + F.cosine_similarity(p2, z1.detach()).mean()) / 2

    def checkpoint(self):
        # facebookresearch/simsiam main_simsiam.py: DDP state dict, encoder (fc = projector) + predictor
        sd = {"module." + k.replace(".net.", "."): v.detach().clone() for k, v in self.state_dict().items()}
        return {"epoch": STEPS, "arch": "resnet50", "state_dict": sd}


def off_diagonal(m):
    n = m.shape[0]
    return m.flatten()[:-1].view(n - 1, n + 1)[:, 1:].flatten()


class BarlowTwins(nn.Module):
    """Cross-correlation of batch-normalised embeddings towards the identity, lambda 0.0051."""

    def __init__(self):
        super().__init__()
        self.backbone = resnet50()
        d = self.backbone.dim
        self.projector = mlp([d, 2 * d, 2 * d, 2 * d])
        self.bn = nn.BatchNorm1d(2 * d, affine=False)

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        z1, z2 = self.projector(self.backbone(a)), self.projector(self.backbone(b))
        c = self.bn(z1).t() @ self.bn(z2) / a.shape[0]
        on = (torch.diagonal(c) - 1).pow(2).sum()
        return on + 0.0051 * off_diagonal(c).pow(2).sum()

    def checkpoint(self):
        # facebookresearch/barlowtwins: resnet50.pth = torchvision state dict, fc = Identity (no fc keys)
        return common.backbone_state(self.backbone)


class VICReg(nn.Module):
    """Invariance (MSE) 25, variance (hinge on std) 25, covariance 1."""

    def __init__(self):
        super().__init__()
        self.backbone = resnet50()
        d = self.backbone.dim
        self.projector = mlp([d, 2 * d, 2 * d, 2 * d])

    def loss(self, x, gen, step):
        a, b = global_views(x, gen, step)
        z1, z2 = self.projector(self.backbone(a)), self.projector(self.backbone(b))
        n, d = z1.shape
        inv = F.mse_loss(z1, z2)
        z1, z2 = z1 - z1.mean(0), z2 - z2.mean(0)
        std1, std2 = torch.sqrt(z1.var(0) + 1e-4), torch.sqrt(z2.var(0) + 1e-4)
        var = F.relu(1 - std1).mean() / 2 + F.relu(1 - std2).mean() / 2
        c1, c2 = z1.t() @ z1 / (n - 1), z2.t() @ z2 / (n - 1)
        cov = off_diagonal(c1).pow(2).sum() / d + off_diagonal(c2).pow(2).sum() / d
        return 25 * inv + 25 * var + cov

    def checkpoint(self):
        # facebookresearch/vicreg: resnet50.pth = torchvision names, no fc
        return common.backbone_state(self.backbone)


@torch.no_grad()
def sinkhorn(scores, eps=0.05, iters=3):
    q = torch.exp(scores / eps).t()
    q /= q.sum()
    k, b = q.shape
    for _ in range(iters):
        q /= q.sum(dim=1, keepdim=True)
        q /= k
        q /= q.sum(dim=0, keepdim=True)
        q /= b
    return (q * b).t()


class SwAV(nn.Module):
    """Swapped prediction of Sinkhorn codes (eps 0.05, 3 iterations) over 100 prototypes, T 0.1, multi-crop."""
    NPROTO = 100

    def __init__(self):
        super().__init__()
        self.net = resnet50()
        d = self.net.dim
        self.net.projection_head = nn.Sequential(nn.Linear(d, 2 * d), nn.BatchNorm1d(2 * d), nn.ReLU(inplace=True),
                                                 nn.Linear(2 * d, PROJ))
        self.net.prototypes = nn.Linear(PROJ, self.NPROTO, bias=False)

    def loss(self, x, gen, step):
        with torch.no_grad():
            w = F.normalize(self.net.prototypes.weight, dim=1)
            self.net.prototypes.weight.copy_(w)
        crops = list(global_views(x, gen, step)) + local_views(x, gen, step)
        n = x.shape[0]
        feats = torch.cat([self.net(torch.cat(crops[:2])), self.net(torch.cat(crops[2:]))])
        scores = self.net.prototypes(F.normalize(self.net.projection_head(feats), dim=1))
        chunks = scores.split(n)
        loss = 0
        for i in range(2):
            q = sinkhorn(chunks[i].detach())
            sub = 0
            for v in range(len(chunks)):
                if v != i:
                    sub -= (q * F.log_softmax(chunks[v] / 0.1, dim=1)).sum(1).mean()
            loss += sub / (len(chunks) - 1)
        return loss / 2

    def before_update(self, step):
        # main_swav.py: "cancel gradients for the prototypes" for the first freeze_prototypes_niters (about
        # one epoch in the released recipes); grad None, so SGD leaves them untouched (no decay, no momentum)
        if step < EPOCH_STEPS:
            self.net.prototypes.weight.grad = None

    def checkpoint(self):
        # facebookresearch/swav main_swav.py: {'epoch', 'state_dict': DDP state dict (module.), 'optimizer'}
        sd = {"module." + k: v.detach().clone() for k, v in self.net.state_dict().items()}
        return {"epoch": STEPS, "state_dict": sd}


class DINOHead(nn.Module):
    def __init__(self, d, out=256):
        super().__init__()
        self.mlp = mlp([d, 2 * d, 2 * d, PROJ])
        self.last = nn.utils.weight_norm(nn.Linear(PROJ, out, bias=False))
        self.last.weight_g.data.fill_(1)
        self.last.weight_g.requires_grad = False

    def forward(self, x):
        return self.last(F.normalize(self.mlp(x), dim=1))


class DINO(nn.Module):
    """Student/teacher self-distillation: teacher centering (0.9) + sharpening (T 0.04), student T 0.1, multi-crop."""

    def __init__(self):
        super().__init__()
        self.student = nn.ModuleList([resnet50()])
        self.student.append(DINOHead(self.student[0].dim))
        self.teacher = nn.ModuleList([resnet50(), DINOHead(self.student[0].dim)])
        self.teacher.load_state_dict(self.student.state_dict())  # (weight_norm modules cannot be deep-copied)
        for p in self.teacher.parameters():
            p.requires_grad = False
        self.register_buffer("center", torch.zeros(1, 256))

    def loss(self, x, gen, step):
        crops = list(global_views(x, gen, step)) + local_views(x, gen, step)
        n = x.shape[0]
        s = torch.cat([self.student[1](self.student[0](torch.cat(crops[:2]))),
                       self.student[1](self.student[0](torch.cat(crops[2:])))]).split(n)
        with torch.no_grad():
            momentum_update(self.student, self.teacher, momentum_at(step, 0.99))
            t_out = self.teacher[1](self.teacher[0](torch.cat(crops[:2])))
            t = F.softmax((t_out - self.center) / 0.04, dim=1).split(n)
        loss, terms = 0, 0
        for i in range(2):
            for v in range(len(s)):
                if v != i:
                    loss = loss - (t[i] * F.log_softmax(s[v] / 0.1, dim=1)).sum(1).mean()
                    terms += 1
        with torch.no_grad():
            self.center.mul_(0.9).add_(t_out.mean(0, keepdim=True), alpha=0.1)
        return loss / terms

    def before_update(self, step):
        # main_dino.py train_one_epoch: utils.clip_gradients(student, 3.0) (each parameter's gradient norm
        # clipped on its own), then utils.cancel_gradients_last_layer for the first freeze_last_layer = 1 epoch
        for p in self.student.parameters():
            if p.grad is not None:
                norm = p.grad.norm(2)
                coef = 3.0 / (norm + 1e-6)
                if coef < 1:
                    p.grad.mul_(coef)
        if step < EPOCH_STEPS:
            for n, p in self.student[1].named_parameters():
                if n.startswith("last"):
                    p.grad = None

    def checkpoint(self):
        # facebookresearch/dino dino_resnet50_pretrain.pth: the teacher backbone only, torchvision names
        return common.backbone_state(self.teacher[0])


MODELS = {"simclr": SimCLR, "moco": MoCo, "byol": BYOL, "simsiam": SimSiam, "barlowtwins": BarlowTwins,
          "vicreg": VICReg, "swav": SwAV, "dino": DINO}


def pretrain(name, images, monitor=None, save=True):
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = MODELS[name]()
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=LR, momentum=MOMENTUM, weight_decay=WD)
    x = torch.from_numpy(images).float().div_(255).unsqueeze(1)
    curve = []
    start = time.time()
    perm = torch.randperm(len(x), generator=gen)
    pos = 0
    for step in range(STEPS):
        lr = LR * (step + 1) / WARMUP if step < WARMUP else \
            LR * 0.5 * (1 + math.cos(math.pi * (step - WARMUP) / (STEPS - WARMUP)))
        for g in opt.param_groups:
            g["lr"] = lr
        if pos + BATCH > len(x):
            perm, pos = torch.randperm(len(x), generator=gen), 0
        batch = x[perm[pos:pos + BATCH]]
        pos += BATCH
        loss = model.loss(batch, gen, step)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if hasattr(model, "before_update"):
            model.before_update(step)
        opt.step()
        curve.append((step, lr, float(loss)))
        if not math.isfinite(float(loss)):
            raise SystemExit(f"{name}: loss diverged at step {step}")
        if monitor is not None:
            monitor(model, step, float(loss))
        if step % 25 == 0 or step == STEPS - 1:
            print(f"{name} step {step:4d} lr {lr:.4f} loss {float(loss):.4f} {time.time() - start:6.1f}s", flush=True)
    seconds = time.time() - start
    model.eval()
    if not save:
        return model
    out_dir = os.path.join(common.ZOO, name)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, FILES[name])
    torch.save(model.checkpoint(), path)
    curves = os.path.join(os.path.dirname(__file__), "curves")
    os.makedirs(curves, exist_ok=True)
    with open(os.path.join(curves, name + ".csv"), "w") as f:
        f.write("step,lr,loss\n")
        for s, l, v in curve:
            f.write(f"{s},{l:.6f},{v:.6f}\n")
    meta = {"framework": name, "seconds": round(seconds, 1), "steps": STEPS, "batch": BATCH, "torch": torch.__version__,
            "threads": torch.get_num_threads(), "file": os.path.relpath(path, common.ROOT),
            "bytes": os.path.getsize(path), "first_loss": curve[0][2], "last_loss": curve[-1][2]}
    with open(os.path.join(curves, name + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta), flush=True)


def main():
    # one thread: with two, any other load on a 2-core machine makes OpenMP's barriers spin (10x slower)
    torch.set_num_threads(int(os.environ.get("POCKET_ZOO_THREADS", "1")))
    torch.set_flush_denormal(True)  # denormals slow the CPU kernels down by orders of magnitude late in training
    names = list(MODELS) if sys.argv[1:] in ([], ["all"]) else sys.argv[1:]
    images, _, _ = common.read_split("train")  # labels unused
    for n in names:
        pretrain(n, images)


if __name__ == "__main__":
    main()
