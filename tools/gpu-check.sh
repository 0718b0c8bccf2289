#!/usr/bin/env bash
# One-shot check of the GPU path on a fresh Linux x86-64 machine with an NVIDIA GPU and only Java 17,
# Maven and the driver (README.md, "Checking the GPU path"). In under 10 minutes:
#   1. prerequisites: java (17+), mvn, nvidia-smi (GPU name, driver, the CUDA version the driver supports);
#   2. the GPU build (./lottery --gpu: Maven profile 'gpu', ~485 MB of CUDA TensorFlow natives on a first build)
#      and the doctor's check that the engine loads them and sees the GPU;
#   3. the pocket suite with --device gpu on an empty cache (a temp dir): every verdict must hold against the
#      CPU expectations (exit 0, the "N pass, N FAIL" counts);
#   4. the probe step/matmul benchmark and 5. the full-width ResNet-50 extraction throughput, on the GPU;
# then one summary table. Each step has a time budget within one overall deadline; a failed, timed-out or
# skipped step says why and the script goes on.
#
# Usage: tools/gpu-check.sh [--build] [--keep]
#   --build  without a GPU, still run the GPU build (downloads the natives; checks that they resolve and build)
#   --keep   keep the temp folder (cache, reports, logs) instead of deleting it
# Environment: GPU_CHECK_DEADLINE (seconds, default 570), GPU_CHECK_DRY_RUN=1 (print each step's command
# instead of running it), NVIDIA_SMI (default nvidia-smi).
# Exit status: 0 every GPU step ran and passed; 1 a GPU step failed or ran out of time; 3 no GPU seen
# (GPU steps skipped, prerequisites reported); 4 java or mvn missing; 5 a GPU is seen but the GPU build
# failed or the engine does not see the GPU (natives missing, driver too old, CUDA libraries missing).
set -uo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
launcher="$home/lottery"
smi="${NVIDIA_SMI:-nvidia-smi}"
deadline_s="${GPU_CHECK_DEADLINE:-570}"
dry="${GPU_CHECK_DRY_RUN:-0}"
build_anyway=0
keep=0
for a in "$@"; do
  case "$a" in
    --build) build_anyway=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu-check: unknown argument '$a' (try --help)" >&2; exit 2 ;;
  esac
done

start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/lottery-gpu-check.XXXXXX")
logs="$work/logs"
mkdir -p "$logs"
cleanup() { if [ "$keep" = 1 ]; then echo "gpu-check: kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

rows=()     # "step|status|detail" for the summary table
failed=0
step_budget=0
row() { rows+=("$1|$2|$3"); printf 'gpu-check: %-22s %-8s %s\n' "$1" "$2" "$3"; }
remaining() { echo $(( deadline_s - ($(date +%s) - start) )); }

# run_step NAME BUDGET_SECONDS CMD...: runs CMD with a timeout of min(budget, time left), output to
# logs/NAME.log; returns the command's status (124 = timed out, 125 = skipped for lack of time).
run_step() {
  local name=$1 budget=$2
  shift 2
  local left
  left=$(remaining)
  if [ "$left" -lt 30 ]; then
    return 125
  fi
  [ "$budget" -gt "$left" ] && budget=$left
  step_budget=$budget
  if [ "$dry" = 1 ]; then
    echo "dry-run: [$name, timeout ${budget}s] $*"
    return 0
  fi
  timeout --kill-after=10 "$budget" "$@" >"$logs/$name.log" 2>&1
}

# why_failed NAME STATUS: one line for a failed step
why_failed() {
  case "$2" in
    124) echo "timed out after ${step_budget}s (log: $logs/$1.log)" ;;
    125) echo "skipped: less than 30 s left of the ${deadline_s}s budget" ;;
    *) echo "exit $2: $(tail -n 3 "$logs/$1.log" 2>/dev/null | tr '\n' ' ' | cut -c1-200) (log: $logs/$1.log)" ;;
  esac
}

summary() {
  local elapsed=$(( $(date +%s) - start ))
  echo
  echo "gpu-check summary ($elapsed s; budget ${deadline_s} s)"
  printf '%-24s %-9s %s\n' "step" "status" "detail"
  printf '%-24s %-9s %s\n' "----" "------" "------"
  local r
  for r in "${rows[@]}"; do
    IFS='|' read -r s st d <<<"$r"
    printf '%-24s %-9s %s\n' "$s" "$st" "$d"
  done
}

# --- 1. prerequisites ---------------------------------------------------------------------------------
missing=0
if command -v java >/dev/null 2>&1; then
  jv=$(java -version 2>&1 | head -n 1)
  major=$(sed -E 's/.*version "([0-9]+)(\.[0-9]+)*.*".*/\1/' <<<"$jv")
  if [ "${major:-0}" -ge 17 ] 2>/dev/null; then row java ok "$jv"; else row java FAIL "needs 17+: $jv"; missing=1; fi
else
  row java missing "no java on PATH (install a JDK 17)"; missing=1
fi
if command -v mvn >/dev/null 2>&1; then
  row maven ok "$(mvn -B -v 2>/dev/null | head -n 1 | sed -E 's/\x1b\[[0-9;]*m//g; s/ \(.*//')"
else
  row maven missing "no mvn on PATH (install Maven 3.8+)"; missing=1
fi
gpu_seen=0
if command -v "$smi" >/dev/null 2>&1; then
  if q=$("$smi" --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1) && [ -n "$q" ]; then
    cuda=$("$smi" 2>/dev/null | sed -nE 's/.*CUDA Version: *([0-9.]+).*/\1/p' | head -n 1)
    row gpu ok "$(head -n 1 <<<"$q"), driver's CUDA ${cuda:-?}$( [ "$(wc -l <<<"$q")" -gt 1 ] && echo " (+$(( $(wc -l <<<"$q") - 1 )) more)")"
    gpu_seen=1
    if [ -n "${cuda:-}" ] && [ "${cuda%%.*}" -lt 12 ] 2>/dev/null; then
      row driver FAIL "the driver supports CUDA $cuda; the natives need CUDA 12 (driver >= 525.60.13)"
    fi
  else
    row gpu none "nvidia-smi failed: $(head -n 1 <<<"$q" | cut -c1-160)"
  fi
else
  row gpu none "no nvidia-smi on PATH"
fi

if [ "$missing" = 1 ]; then
  echo "gpu-check: java or mvn missing: nothing can be built"
  summary
  exit 4
fi

# --- 2. the GPU build and the engine's view of the GPU -----------------------------------------------
build() {
  # the launcher builds with -Pgpu when the jar is missing, stale or a CPU build, then lists the suite
  run_step build 300 env LOTTERY_GPU=1 "$launcher" list --suite pocket
  local s=$?
  if [ "$dry" = 1 ]; then row "gpu build" dry-run "./lottery --gpu (mvn -Pgpu -DskipTests package)"; return 0; fi
  if [ $s = 0 ]; then row "gpu build" ok "mvn -Pgpu package via ./lottery --gpu"; return 0; fi
  row "gpu build" FAIL "$(why_failed build $s)"
  return 1
}

if [ "$gpu_seen" = 0 ]; then
  echo "gpu-check: no GPU seen: skipping GPU steps"
  if [ "$build_anyway" = 1 ]; then
    build || failed=1
  else
    row "gpu build" skipped "no GPU seen (--build runs it anyway: downloads ~485 MB of natives)"
  fi
  for s in "pocket --device gpu" "probe bench" "extraction bench"; do row "$s" skipped "no GPU seen"; done
  summary
  exit 3
fi

if ! build; then
  for s in "engine sees gpu" "pocket --device gpu" "probe bench" "extraction bench"; do row "$s" skipped "the GPU build failed"; done
  summary
  exit 5
fi

run_step doctor 90 env LOTTERY_GPU=1 "$launcher" doctor --suite pocket --device gpu
s=$?
if [ "$dry" = 1 ]; then
  row "engine sees gpu" dry-run "./lottery --gpu doctor --device gpu"
elif grep -qE '^ok +device gpu' "$logs/doctor.log" 2>/dev/null; then
  # the doctor's lines: "ok    natives load   <which natives>", "ok    device gpu   <the device>"
  row "engine sees gpu" ok "$(grep -E '^ok +(natives load|device gpu)' "$logs/doctor.log" | sed -E 's/^ok +//; s/ +/ /g' | tr '\n' ';' | cut -c1-200)"
else
  row "engine sees gpu" FAIL "doctor exit $s: $(grep -iE 'natives|device gpu|->' "$logs/doctor.log" | tr '\n' ' ' | sed -E 's/ +/ /g' | cut -c1-240) (log: $logs/doctor.log)"
  for s in "pocket --device gpu" "probe bench" "extraction bench"; do row "$s" skipped "the engine does not see the GPU"; done
  summary
  exit 5
fi

# --- 3. the pocket suite on the GPU, empty cache --------------------------------------------------------
run_step pocket 200 env LOTTERY_GPU=1 "$launcher" run --device gpu --cache "$work/cache" --reports "$work/reports" --no-progress
s=$?
counts=$(grep -E '^[0-9]+ pass, [0-9]+ FAIL, [0-9]+ recorded' "$logs/pocket.log" 2>/dev/null | tail -n 1)
if [ "$dry" = 1 ]; then
  row "pocket --device gpu" dry-run "every verdict against expected-results/pocket.csv"
elif [ $s = 0 ]; then
  row "pocket --device gpu" ok "every verdict holds: $counts"
else
  row "pocket --device gpu" FAIL "${counts:+$counts; }$(why_failed pocket $s)"
  grep -E '^  FAIL ' "$logs/pocket.log" 2>/dev/null | head -n 5 | sed 's/^/gpu-check:   /'
  failed=1
fi

# JMH's result lines: "<Benchmark> [params...] <mode> <cnt> <score> [± <error>] <units>" -> "name score±err units"
jmh_rows() {
  awk '$1 ~ /^(ProbeBenchmark|PipelineBenchmark)\./ {
         u = $NF; if ($(NF-2) == "±") { s = $(NF-3) " ± " $(NF-1) } else { s = $(NF-1) }
         print $1 "|" s " " u }' "$1" 2>/dev/null
}

bench_step() {
  local name=$1 label=$2 budget=$3
  shift 3
  run_step "$name" "$budget" env LOTTERY_GPU=1 "$launcher" bench "$@"
  local s=$?
  if [ "$dry" = 1 ]; then row "$label" dry-run "./lottery --gpu bench $*"; return; fi
  if [ $s != 0 ]; then row "$label" FAIL "$(why_failed "$name" $s)"; failed=1; return; fi
  local any=0 r
  while IFS= read -r r; do
    [ -z "$r" ] && continue
    any=1
    row "  ${r%%|*}" ok "${r#*|}"
  done < <(jmh_rows "$logs/$name.log")
  if [ "$any" = 1 ]; then row "$label" ok "JSON: reports/bench/latest.json"; else row "$label" FAIL "no results in $logs/$name.log"; failed=1; fi
}

# ratio LOG A B LABEL TARGET: score(A) / score(B) from the JMH lines, when both are there
ratio() {
  local r
  r=$(jmh_rows "$1" | awk -F'|' -v a="$2" -v b="$3" '
        { split($2, f, " ") } $1 ~ a"$" { x = f[1] } $1 ~ b"$" { y = f[1] }
        END { if (x > 0 && y > 0) printf "%.2f", x / y }')
  [ -n "$r" ] && row "  $4" info "$r ($5)"
}

# --- 4. probe step against matmul (the target: step/matmul <= 2.3), and the gathers, on the GPU ----------
bench_step probe-bench "probe bench" 110 --include 'ProbeBenchmark\.(probeStep|matmul|gatherStep|residentStep)$' \
  --param device=gpu --warmup 1 --iterations 3 --time 2
ratio "$logs/probe-bench.log" probeStep matmul "step / matmul" "target <= 2.3"
ratio "$logs/probe-bench.log" residentStep gatherStep "resident / host gather" "below 1: the device gather pays"

# --- 5. full-width ResNet-50 extraction (decode + preprocess + backbone) against the backbone alone --------
threads=$(( $(nproc 2>/dev/null || echo 2) > 8 ? 8 : $(nproc 2>/dev/null || echo 2) ))
bench_step extraction-bench "extraction bench" 170 --include 'PipelineBenchmark' \
  --param device=gpu --param threads="$threads" --param width=64 --warmup 1 --iterations 2 --time 5
# PipelineBenchmark counts images: its ops/s are images/s
ratio "$logs/extraction-bench.log" pipeline backboneAlone "pipeline / backbone" "target >= 0.9; below: decoding starves the GPU"

summary
exit "$failed"
