#!/usr/bin/env bash
# Issue 15's paper-scale extraction ratio: full-width ResNet-50 at 224x224, batch 64, on the CPU, images/s of
# the suite's own backbone path (the TensorFlow graph, JMH's FullWidthExtractionBenchmark through
# `./lottery bench`) against PyTorch (tools/bench/torch_extraction.py: torchvision resnet50(), fc = Identity,
# inference_mode), with random weights on both sides and the same thread count (default 2: the engine's
# intra-op pool via -Dai.djl.tensorflow.num_intraop_threads for the JMH fork, inter-op 1; torch.set_num_threads
# for torch). One after the other: Java first, then torch in its default memory format, then channels_last
# (what a tuned PyTorch user runs). The jar is built first, outside the timing. Not run by CI (minutes of CPU).
#
#   tools/bench/extraction-vs-pytorch.sh                    # JMH: the class's 2 x 10 s warmup, 3 x 10 s measured
#   THREADS=2 TORCH_SECONDS=30 tools/bench/extraction-vs-pytorch.sh -wi 1 -i 5 -r 10s   # JMH options after --
#
# Arguments go to JMH (after `./lottery bench ... --`); TORCH_SECONDS (default 30, as JMH's 3 x 10 s) is each
# torch run's timed duration, after 2 untimed batches. Prints cores, load average and CPU model, then one row
# per side: images/s and the ratio java / torch. Logs stay in $TMPDIR/extraction-vs-pytorch.*.
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
threads="${THREADS:-2}"
torch_seconds="${TORCH_SECONDS:-30}"
python="${PYTHON:-/usr/bin/python3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/extraction-vs-pytorch.XXXXXX")

"$python" -c 'import torch, torchvision' 2>/dev/null || {
  echo "extraction-vs-pytorch: $python needs torch and torchvision (apt-get install -y python3-torch python3-torchvision)" >&2
  exit 2; }

# build (or check) the jar outside the timing: `--help` makes ./lottery build it when it is missing or stale
"$home/lottery" bench --help > /dev/null

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "full-width ResNet-50, 224x224, batch 64, $threads threads; $(nproc) cores;" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load before java: $(load)"

"$home/lottery" bench --include 'dev\.lottery\.bench\.FullWidthExtractionBenchmark\.' -- \
  -jvmArgsAppend "-Dai.djl.tensorflow.num_intraop_threads=$threads -Dai.djl.tensorflow.num_interop_threads=1" \
  "$@" > "$work/java.log" 2>&1 || {
    echo "java benchmark failed (exit $?), see $work/java.log" >&2; tail -5 "$work/java.log" >&2; exit 2; }
json=$(sed -n 's/^lottery: benchmark results in //p' "$work/java.log" | tail -1)
[ -f "$json" ] || { echo "extraction-vs-pytorch: no JMH results file, see $work/java.log" >&2; exit 1; }
grep -o -m1 'engine threads:.*' "$work/java.log" || true
read -r java java_err < <("$python" -c '
import json, sys
r = [b for b in json.load(open(sys.argv[1])) if b["benchmark"].endswith("FullWidthExtractionBenchmark.extractBatch")][0]
m = r["primaryMetric"]  # scoreError is the string "NaN" for a single iteration
print("%.2f %s" % (m["score"], "%.2f" % m["scoreError"] if isinstance(m["scoreError"], float) else "nan"))' "$json")
echo "load after java: $(load)"

torch_run() { # $1 = log name, then torch_extraction.py flags; prints images/s
  # torch parallelises itself; OpenBLAS (Debian libopenblas0-pthread) with its own threads on top oversubscribes
  OPENBLAS_NUM_THREADS=1 "$python" "$home/tools/bench/torch_extraction.py" --threads "$threads" --batch 64 --seconds "$torch_seconds" \
    "${@:2}" > "$work/$1.log" 2>&1 || {
      echo "torch run failed (exit $?), see $work/$1.log" >&2; tail -5 "$work/$1.log" >&2; exit 2; }
  sed -n 's/^torch .* images\/s: //p' "$work/$1.log" | tail -1
}
torch=$(torch_run torch)
echo "load after torch: $(load)"
torch_cl=$(torch_run torch-channels-last --channels-last)
echo "load after torch channels_last: $(load)"
head -2 "$work/torch.log"

ratio() { awk -v a="$java" -v b="$1" 'BEGIN { printf "%.2f", a / b }'; }
echo
printf '%-34s %18s %11s\n' side images/s java/torch
printf '%-34s %18s %11s\n' "java (TF graph, NHWC, JMH)" "$java ± $java_err" -
printf '%-34s %18s %11s\n' "torch (contiguous NCHW)" "$torch" "$(ratio "$torch")"
printf '%-34s %18s %11s\n' "torch (channels_last)" "$torch_cl" "$(ratio "$torch_cl")"
echo "(JMH JSON: $json; logs: $work)"
