#!/usr/bin/env python3
"""PyTorch side of issue 15's paper-scale extraction ratio (tools/bench/extraction-vs-pytorch.sh).

torchvision's resnet50() with its random init and fc = Identity (so 2048-d pooled features, what the
suite extracts), eval(), under torch.inference_mode(), on one batch of random 224x224x3 images, on the
CPU with a fixed thread count. Warmup batches first, then batches for a fixed duration; prints
images/s. The Java side is dev.lottery.bench.FullWidthExtractionBenchmark.

    /usr/bin/python3 tools/bench/torch_extraction.py [--threads 2] [--batch 64] [--seconds 30]
        [--warmup 2] [--channels-last]

Last line of output: "torch <format> images/s: X" (format contiguous or channels_last); the lines before it
name torch's version, the batches timed and the BLAS library loaded (Debian's torch uses whichever
libblas.so.3 the system's alternative points at: the reference BLAS unless e.g. OpenBLAS is installed).
Needs torch and torchvision (Debian: apt-get install -y python3-torch python3-torchvision). Not run by CI.
"""
import argparse
import time

import torch
import torchvision


def blas_libraries():
    """The BLAS libraries this process has loaded (Debian's torch uses the system libblas.so.3 alternative)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return "unknown"
    found = sorted(p for p in paths if any(k in p.rsplit("/", 1)[-1].lower() for k in ("blas", "mkl", "blis")))
    return ", ".join(found) or "none found"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    parser.add_argument("--batch", type=int, default=64, help="images per batch (default 64)")
    parser.add_argument("--seconds", type=float, default=30.0, help="timed duration in seconds (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed batches first (default 2)")
    parser.add_argument("--channels-last", action="store_true",
                        help="model and input in torch.channels_last (NHWC) memory format")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet50()  # random init; no weights are downloaded
    model.fc = torch.nn.Identity()
    model.eval()
    images = torch.empty(args.batch, 3, 224, 224).uniform_(-2, 2)
    memory_format = "contiguous"
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
        memory_format = "channels_last"

    with torch.inference_mode():
        for _ in range(args.warmup):
            features = model(images)
        assert features.shape == (args.batch, 2048), features.shape
        batches = 0
        start = time.perf_counter()
        elapsed = 0.0
        while elapsed < args.seconds or batches == 0:
            model(images)
            batches += 1
            elapsed = time.perf_counter() - start

    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, threads {torch.get_num_threads()}, "
          f"batch {args.batch}, {memory_format}: {batches} batches in {elapsed:.1f} s")
    print(f"mkldnn {torch.backends.mkldnn.is_available()}, BLAS loaded: {blas_libraries()}")
    print(f"torch {memory_format} images/s: {batches * args.batch / elapsed:.2f}")


if __name__ == "__main__":
    main()
