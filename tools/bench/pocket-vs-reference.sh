#!/usr/bin/env bash
# Issue 15's ratio: the pocket suite cold (`./lottery run`, empty temp cache) against the PyTorch reference
# (tools/pocket-zoo/reference.py --print) on the same work: the same frameworks (default: pixels + the 8 zoo
# backbones), the same seeds (default 3), the same thread count (default 2: --engine-threads for the Java
# engine, POCKET_ZOO_THREADS for torch), extraction included on both sides; then a warm Java run (same cache).
# The jar (and the launcher's class-data archive, see pocket_prepare) is built first, outside the timing.
# Wall times by `date`, whole processes (JVM / Python start included).
#
#   tools/bench/pocket-vs-reference.sh [ROUNDS]      # ROUNDS pairs, reference and Java alternately (default 1)
#   FRAMEWORKS=pixels,zoo-dino SEEDS=3 THREADS=2 tools/bench/pocket-vs-reference.sh 2
#
# The peer is run at its best: torch parallelises with its own threads (POCKET_ZOO_THREADS), so OpenBLAS, when it
# is the system BLAS (Debian: libopenblas0-pthread), is held to one thread (OPENBLAS_NUM_THREADS=1): measured
# 2026-12-04 on a 2-core EPYC, the reference took 12.9 s so, 22.7 s with OpenBLAS's own 2 threads on top of torch's
# and 21.1 s with Debian's reference BLAS. The BLAS in use is printed.
#
# Prints one row per round: java cold s, reference s, ratio (java / reference), java warm s. Not run by CI.
# Leaves the last round's reports in $TMPDIR/pocket-vs-reference.*/reports (results.csv for a byte compare).
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rounds="${1:-1}"
source "$home/tools/bench/pocket-common.sh"
python="${PYTHON:-/usr/bin/python3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/pocket-vs-reference.XXXXXX")

# the jar and its class-data archive, outside the timing (pocket-common.sh)
pocket_prepare "$home"

java_run() { # $1 = cache folder
  pocket_run "$home" "$1" "$work/reports"
}

pocket_banner
echo "reference BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown), OPENBLAS_NUM_THREADS=1"
printf '%-6s %12s %12s %8s %12s\n' round "java cold s" "reference s" ratio "java warm s"
for r in $(seq 1 "$rounds"); do
  t0=$(now)
  OPENBLAS_NUM_THREADS=1 POCKET_ZOO_THREADS="$threads" "$python" "$home/tools/pocket-zoo/reference.py" --print --seeds="$seeds" \
    --frameworks="$frameworks" > "$work/reference.log" 2>&1
  t1=$(now)
  rm -rf "$work/cache"
  java_run "$work/cache"
  t2=$(now)
  java_run "$work/cache"
  t3=$(now)
  ref=$(secs "$t0" "$t1"); cold=$(secs "$t1" "$t2"); warm=$(secs "$t2" "$t3")
  printf '%-6s %12s %12s %8s %12s\n' "$r" "$cold" "$ref" "$(awk -v a="$cold" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')" "$warm"
done
echo "reports: $work/reports/latest (last warm run); goal: ratio <= 0.60, warm <= 2 s"
