#!/usr/bin/env bash
# Issue 13's throughput numbers for the augmented protocol, in one JMH run (./lottery bench):
#   - read + decode + transform images/s per thread (AugmentBenchmark): augmented (RandomResizedCrop 224
#     + flip) bilinear and bicubic, and the test-time center transform for comparison;
#   - the whole pipeline (one decode worker) against the ResNet-50 backbone alone (PipelineBenchmark),
#     with the augmented transform and with center: the ratios pipeline / backbone alone (target >= 0.9).
# Not run by CI (minutes of CPU; needs jq).
#
#   tools/bench/augmented-throughput.sh                      # JMH timing: -wi 1 -i 3 (about 9 minutes)
#   tools/bench/augmented-throughput.sh -wi 1 -i 2 -w 10s -r 10s   # JMH options replace the default timing
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v jq >/dev/null || { echo "augmented-throughput: needs jq" >&2; exit 2; }
timing=(-wi 1 -i 3)
if [ $# -gt 0 ]; then timing=("$@"); fi

log=$(mktemp "${TMPDIR:-/tmp}/lottery-augbench.XXXXXX")
trap 'rm -f "$log"' EXIT
# one worker: the pipeline's measured best on a 2-core CPU (PipelineBenchmark's threads javadoc)
"$root/lottery" bench --include 'dev\.lottery\.bench\.(AugmentBenchmark|PipelineBenchmark)\.' -- \
  -p transform=center,augmented -p threads=1 "${timing[@]}" | tee "$log"
json=$(sed -n 's/^lottery: benchmark results in //p' "$log" | tail -1)
[ -f "$json" ] || { echo "augmented-throughput: no results file" >&2; exit 1; }

echo
echo "== augmented throughput ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores) =="
jq -r '
  def score(b; t; i): [.[] | select((.benchmark | endswith(b)) and .params.transform == t
      and (i == null or .params.interpolation == i)) | .primaryMetric.score][0];
  def f1: . * 10 | round / 10 | tostring;
  def f3: . * 1000 | round / 1000 | tostring;
  . as $all |
  (["bilinear", "bicubic"][] as $i |
    "read+decode+augment per thread, \($i): \($all | score(".readDecodeTransform"; "augmented"; $i) | f1) img/s"
    + " (center: \($all | score(".readDecodeTransform"; "center"; $i) | f1))"),
  (["augmented", "center"][] as $t |
    ($all | score(".pipeline"; $t; null)) as $p | ($all | score(".backboneAlone"; $t; null)) as $b |
    "pipeline(\($t))/backbone-alone: \($p / $b | f3) (\($p | f1) / \($b | f1) img/s)")
' "$json"
echo "(JMH JSON: $json)"
