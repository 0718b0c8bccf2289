#!/usr/bin/env bash
# Measures the pocket gate's false-alarm rate and power (README "Verdicts"): honest reruns in several
# numeric environments and with seeds the expectations were not calibrated on, then injected regressions
# of known kinds, each run as a user would run it. Not run by CI (about 10 minutes on 2 cores).
#
#   [ONLY=injection,...] tools/gate-power/run.sh [WORK [CACHES]]   # WORK: scratch folder (default: a new mktemp -d); CACHES: one cache
#                                             # per environment (default WORK/cache; a calibration's cache/ fits)
# The honest runs take seeds 40..54: `lottery calibrate --seeds 10` over 4 environments used 0..39.
#
# Needs the suite jar (./lottery builds it) and /usr/bin/python3 with torch for the BN injection
# (Debian's python3-torch). Prints two tables: honest runs, injected regressions.
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d)}
caches=${2:-$work/cache}
mkdir -p "$work" "$caches"
"$home/lottery" list >/dev/null   # builds the jar when needed
tflib="$home/suite/target/tf-native/org/tensorflow/internal/c_api/linux-x86_64"
cp="$home/suite/target/lottery-suite.jar:$home/suite/target/lib/*"

# lottery run with project home $1, environment name $2, then run arguments
lrun() {
  local h=$1 env=$2; shift 2
  local vars=(-u TF_ENABLE_ONEDNN_OPTS -u ONEDNN_MAX_CPU_ISA -u DNNL_MAX_CPU_ISA) threads=()
  case $env in
    default) ;;
    isa-avx2) vars+=(ONEDNN_MAX_CPU_ISA=AVX2) ;;
    onednn-off) vars+=(TF_ENABLE_ONEDNN_OPTS=0) ;;
    threads-1) threads=(-Dai.djl.tensorflow.num_intraop_threads=1) ;;
    *) echo "unknown environment $env" >&2; return 2 ;;
  esac
  env "${vars[@]}" DJL_OFFLINE=true TF_CPP_MIN_LOG_LEVEL=2 java -Xmx8g "${threads[@]}" \
    -DTENSORFLOW_LIBRARY_PATH="$tflib" -Dai.djl.offline=true -Dlottery.home="$h" -cp "$cp" dev.lottery.cli.Main run \
    --no-progress "$@"
}

# ONLY=a,b: just these injections (and no honest runs), for a rerun of part of the table
if [ -z "${ONLY:-}" ]; then
echo "== honest reruns: 4 numeric environments x 5 seed offsets (seeds 40..54, held out from the calibration)"
for env in default isa-avx2 onednn-off threads-1; do
  lrun "$home" "$env" --cache "$caches/$env" --reports "$work/honest/$env-warm" --seeds 15 --seed-offset 40 \
    >"$work/honest-$env-warm.log" 2>&1 || true
  for off in 40 43 46 49 52; do
    lrun "$home" "$env" --cache "$caches/$env" --reports "$work/honest/$env-$off" --seeds 3 --seed-offset "$off" \
      >"$work/honest-$env-$off.log" 2>&1 || true
  done
done
/usr/bin/python3 "$home/tools/gate-power/power.py" honest "$work"/honest/*-[0-9][0-9]/latest
fi

echo "== injected regressions (default environment; 9 seeds once to estimate the shift, then 3-seed runs)"
inject() {  # name, cache, then a command that edits the scratch copy at $scratch
  local name=$1 cache=$2; shift 2
  if [ -n "${ONLY:-}" ] && [[ ",$ONLY," != *",$name,"* ]]; then return 0; fi
  local scratch="$work/inject/$name/home"
  rm -rf "$scratch"; mkdir -p "$scratch"
  (cd "$home" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
  (cd "$scratch" && eval "$@")
  lrun "$scratch" default --cache "$cache" --reports "$work/inject/$name/nine" --seeds 9 \
    >"$work/inject/$name/nine.log" 2>&1 || true
  for off in 0 3 6; do
    lrun "$scratch" default --cache "$cache" --reports "$work/inject/$name/run-$off" --seeds 3 \
      --seed-offset "$off" >"$work/inject/$name/run-$off.log" 2>&1 || true
  done
}
# unaffected frameworks reuse the honest default cache; the relabelled train split gets its own (its quick
# fingerprint, names and sizes, does not see a changed label of the same length)
inject padding "$caches/default" "sed -i -E '/^zoo-/ s/,(torch)?\$/,tf-same/' suite/catalog/frameworks.csv"
inject normalisation "$caches/default" "sed -i 's/^pocket-rgb,0,0,bilinear,0.1307 0.1307 0.1307,0.3081 0.3081 0.3081/pocket-rgb,0,0,bilinear,0.485 0.456 0.406,0.229 0.224 0.225/' suite/catalog/preprocessing.csv"
inject labels-5pct "$work/cache-labels" "/usr/bin/python3 '$home/tools/gate-power/shuffle_labels.py' datasets/pocket/train 0.05"
inject epochs-30pct "$caches/default" "sed -i 's/^epoch_scale=0.1\$/epoch_scale=0.07/' suite/catalog/suites/pocket.properties"
inject moco-bn-var "$caches/default" "/usr/bin/python3 '$home/tools/gate-power/perturb_bn.py' datasets/pocket/zoo/moco/moco_v2_pretrain.pth.tar 1.3 suite/catalog/checkpoints.lock.csv zoo-moco"
# the same kinds, smaller: near the detectable shift, where the predicted power is not 0 or 1
inject labels-1pct "$work/cache-labels-1" "/usr/bin/python3 '$home/tools/gate-power/shuffle_labels.py' datasets/pocket/train 0.01"
inject epochs-10pct "$caches/default" "sed -i 's/^epoch_scale=0.1\$/epoch_scale=0.09/' suite/catalog/suites/pocket.properties"
inject moco-bn-var-5pct "$caches/default" "/usr/bin/python3 '$home/tools/gate-power/perturb_bn.py' datasets/pocket/zoo/moco/moco_v2_pretrain.pth.tar 1.05 suite/catalog/checkpoints.lock.csv zoo-moco"
/usr/bin/python3 "$home/tools/gate-power/power.py" inject "$work"/inject/*
echo "(scratch folder: $work)"
