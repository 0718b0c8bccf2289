#!/usr/bin/env bash
# The fault campaign of issue 11, replayable: kills, corruptions, concurrency and bad input against the
# pocket suite, on a scratch copy of the project (never the working tree), then one table:
# experiment | expected | observed | held. Not run by CI (minutes of CPU, needs a built jar).
#
#   tools/fault-campaign/run.sh [--keep] [--kills N] [--seed S]
#
# Exit status: 0 when every expectation held, 1 otherwise.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
keep=0
kills=4
seed=11
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --kills) kills=$2; shift ;;
    --seed) seed=$2; shift ;;
    *) echo "usage: $0 [--keep] [--kills N] [--seed S]" >&2; exit 2 ;;
  esac
  shift
done
RANDOM=$seed

jar="$root/suite/target/lottery-suite.jar"
if [ ! -f "$jar" ] || [ ! -d "$root/suite/target/lib" ]; then
  echo "campaign: building the suite jar (mvn -o -DskipTests package)..." >&2
  mvn -q -B -o -f "$root/pom.xml" -DskipTests package >&2 || { echo "campaign: build failed" >&2; exit 2; }
fi
tflib="$root/suite/target/tf-native/org/tensorflow/internal/c_api/linux-x86_64"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lottery-campaign.XXXXXX")
P="$scratch/project"
mkdir -p "$P"
# the committed project only: no caches, reports or build output of the working tree
git -C "$root" archive --format=tar HEAD | tar -x -C "$P"
cleanup() {
  if [ "$keep" = 1 ]; then echo "campaign: scratch kept at $scratch" >&2; else rm -rf "$scratch"; fi
}
trap cleanup EXIT

# the CLI as ./lottery runs it, with the scratch copy as its home; runs in the foreground or via &
lot() {
  DJL_OFFLINE=true TF_CPP_MIN_LOG_LEVEL=2 exec java -Xmx2g -DTENSORFLOW_LIBRARY_PATH="$tflib" \
    -Dai.djl.offline=true -Dlottery.home="$P" -cp "$jar:$root/suite/target/lib/*" dev.lottery.cli.Main "$@"
}
run_lot() { ( lot "$@" ); }

rows=()
held=0
total=0
row() { # experiment expected observed ok(0/1)
  rows+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$([ "$4" = 1 ] && echo yes || echo NO)")
  total=$((total + 1))
  [ "$4" = 1 ] && held=$((held + 1))
  echo "campaign: $1: $([ "$4" = 1 ] && echo held || echo NOT HELD) ($3)" >&2
}
log() { echo "$scratch/$1.log"; }
# flip n bytes (xor 0x5a) in the middle of a file, keeping its size
flip() {
  python3 - "$1" "${2:-100}" <<'EOF'
import sys
p, n = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
m = len(b) // 2
for i in range(m, min(len(b), m + n)):
    b[i] ^= 0x5a
open(p, 'wb').write(b)
EOF
}
scores() { # framework,variant,score of a run folder, sorted
  tail -n +2 "$1/results.csv" | cut -d, -f2,3,6 | sort
}
tmpcount() { find "$1" -name '*.tmp' 2>/dev/null | wc -l | tr -d ' '; }
quiet=(--no-progress --device cpu --threads 1)
val="$P/datasets/pocket/val/val-000000.tar.gz"
cp "$val" "$scratch/val.good"

# 1. SIGKILLs at random points, then a complete run: the same scores as an uninterrupted run, nothing left over
run_lot run --frameworks pixels,random-resnet --cache "$scratch/c-ref" --reports "$scratch/r-ref" "${quiet[@]}" \
  >"$(log ref)" 2>&1
ref_status=$?
ref_resnet=$(scores "$scratch/r-ref/latest" | grep '^random-resnet,')
for k in $(seq 1 "$kills"); do
  lot run --frameworks pixels,random-resnet --cache "$scratch/c-kill" --reports "$scratch/r-kill" "${quiet[@]}" \
    >>"$(log kill)" 2>&1 &
  pid=$!
  sleep "$((2 + RANDOM % 12)).$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
left_before=$(tmpcount "$scratch/c-kill")
run_lot run --frameworks pixels,random-resnet --cache "$scratch/c-kill" --reports "$scratch/r-kill" "${quiet[@]}" \
  >"$(log kill-final)" 2>&1
kill_status=$?
left_after=$(tmpcount "$scratch/c-kill")
# (the exit status is the uninterrupted run's: 1 if one of its fixtures misses its expectation)
same=0
[ "$kill_status" = "$ref_status" ] && [ "$(scores "$scratch/r-ref/latest")" = "$(scores "$scratch/r-kill/latest")" ] \
  && same=1
row "$kills SIGKILLs, then a complete run" "exit and scores = uninterrupted run's ($ref_status)" \
  "exit $kill_status, scores $([ $same = 1 ] && echo identical || echo DIFFER)" "$same"
said=$(cat "$(log kill)" "$(log kill-final)" | grep -c "temp file(s) of killed runs")
ok=0; [ "$left_after" = 0 ] && { [ "$left_before" = 0 ] || [ "$said" -ge 1 ]; } && ok=1
row "temp files of killed runs (#6)" "none left; removals said on the console" \
  "$left_before .tmp before the last run, $left_after after; $said removal line(s)" "$ok"

# 2. a read error mid-shard (#1): fails; once the shard is restored, the run succeeds
flip "$val"
run_lot run --frameworks pixels --cache "$scratch/c-shard" --reports "$scratch/r-shard" "${quiet[@]}" \
  >"$(log shard-bad)" 2>&1
bad_status=$?
cp "$scratch/val.good" "$val"
run_lot run --frameworks pixels --cache "$scratch/c-shard" --reports "$scratch/r-shard" "${quiet[@]}" \
  >"$(log shard-restored)" 2>&1
restored_status=$?
ok=0; [ "$bad_status" = 2 ] && [ "$restored_status" = 0 ] && ok=1
row "flipped bytes mid-shard, then restored (#1)" "exit 2, then exit 0" \
  "exit $bad_status, then exit $restored_status" "$ok"

# 3. the same corruption on a warm cache (#3): the old features are not served for the changed shard
flip "$val"
run_lot run --frameworks pixels --cache "$scratch/c-shard" --reports "$scratch/r-shard" "${quiet[@]}" \
  >"$(log shard-warm)" 2>&1
warm_status=$?
cp "$scratch/val.good" "$val"
ok=0; [ "$warm_status" = 2 ] && ok=1
row "same-size corrupted shard, warm cache (#3)" "exit 2 (shard re-read, damage named)" "exit $warm_status" "$ok"

# 4. the README's subset example (#2)
run_lot run --frameworks pixels --variants v2 --seeds 5 --cache "$scratch/c-shard" --reports "$scratch/r-subset" \
  "${quiet[@]}" >"$(log subset)" 2>&1
st=$?
notes=$(grep -c "not computed" "$(log subset)")
ok=0; [ "$st" = 0 ] && [ "$notes" -ge 1 ] && [ -f "$scratch/r-subset/latest/report.md" ] && ok=1
row "run --frameworks pixels --variants v2 --seeds 5 (#2)" "exit 0, aggregates noted as not computed" \
  "exit $st, $notes note(s)" "$ok"

# 5. two runs into one reports folder at once (#5), and two cold runs on one cache (concurrency)
run_lot run --frameworks pixels --cache "$scratch/c-shared" --reports "$scratch/r-two" "${quiet[@]}" \
  >"$(log two-a)" 2>&1 &
a=$!
run_lot run --frameworks pixels --cache "$scratch/c-shared" --reports "$scratch/r-two" "${quiet[@]}" \
  >"$(log two-b)" 2>&1 &
b=$!
wait "$a"; sa=$?
wait "$b"; sb=$?
dirs=$(find "$scratch/r-two" -mindepth 1 -maxdepth 1 -type d ! -name latest ! -name '.*' | wc -l | tr -d ' ')
whole=0
for d in "$scratch"/r-two/*/; do
  [ "$(basename "$d")" = latest ] && continue
  cmp -s "$d/run.json" "$scratch/r-two/latest/run.json" && cmp -s "$d/results.json" "$scratch/r-two/latest/results.json" \
    && whole=1
done
ok=0; [ "$sa" = 0 ] && [ "$sb" = 0 ] && [ "$dirs" = 2 ] && [ "$whole" = 1 ] && ok=1
row "two runs, one reports folder, at once (#5)" "2 run folders, latest = one whole run" \
  "exits $sa/$sb, $dirs folders, latest whole: $([ $whole = 1 ] && echo yes || echo no)" "$ok"
same=0
ids=( "$scratch"/r-two/2*/ )
[ "${#ids[@]}" -ge 2 ] && [ "$(scores "${ids[0]}")" = "$(scores "${ids[1]}")" ] && same=1
row "two cold runs on one cache at once" "identical scores" "$([ $same = 1 ] && echo identical || echo DIFFER)" "$same"

# 6. an empty selection (#7)
run_lot run --frameworks , --cache "$scratch/c-shard" --reports "$scratch/r-empty" "${quiet[@]}" \
  >"$(log empty)" 2>&1
st=$?
ok=0; [ "$st" = 2 ] && [ ! -e "$scratch/r-empty/latest" ] && ok=1
row "run --frameworks , (#7)" "exit 2, no report" "exit $st, latest $([ -e "$scratch/r-empty/latest" ] && echo written || echo untouched)" "$ok"

# 7. causes on the console (#8): a truncated gzip shard
head -c 200000 "$scratch/val.good" >"$val"
run_lot run --frameworks pixels --cache "$scratch/c-trunc" --reports "$scratch/r-trunc" "${quiet[@]}" \
  >"$(log trunc)" 2>&1
st=$?
cp "$scratch/val.good" "$val"
causes=$(grep -c "caused by" "$(log trunc)")
traces=$(grep -c $'^\tat ' "$(log trunc)")
ok=0; [ "$st" = 2 ] && [ "$causes" -ge 1 ] && [ "$traces" = 0 ] && ok=1
row "truncated gzip shard (#8)" "exit 2, cause lines, no stack trace" \
  "exit $st, $causes cause line(s), $traces trace line(s)" "$ok"

# 8. a damaged cached SavedModel (#9) and a .partial reports folder of a dead writer
pb=$(find "$scratch/c-ref/models" -name saved_model.pb | head -1)
flip "$pb" 100
true & dead=$!; wait "$dead"
host=$(hostname | cut -d. -f1 | tr -c 'A-Za-z0-9-\n' '-')
mkdir -p "$scratch/r-ref/.20000101-000000-pocket.p$dead@$host.partial"
run_lot run --frameworks random-resnet --cache "$scratch/c-ref" --reports "$scratch/r-ref" "${quiet[@]}" \
  >"$(log model)" 2>&1
st=$?
ok=0
[ "$st" != 2 ] && [ "$(scores "$scratch/r-ref/latest")" = "$ref_resnet" ] && ok=1
row "damaged .cache/models/*/saved_model.pb (#9)" "rebuilt: the run completes, same scores" \
  "exit $st, scores $([ $ok = 1 ] && echo same || echo differ)" "$ok"
ok=0; [ ! -e "$scratch/r-ref/.20000101-000000-pocket.p$dead@$host.partial" ] && ok=1
row ".partial reports folder of a dead writer (#9)" "removed by the next run" \
  "$([ $ok = 1 ] && echo removed || echo still there)" "$ok"

# 9. checkpoints given to extract: a directory (#10), a deeply nested pickle (#4), a flipped byte in a zip (#12)
imgs="$scratch/imgs"
mkdir -p "$imgs"
python3 - "$imgs" <<'EOF'
import sys, zlib, struct
def png(w, h, v):
    raw = b''.join(b'\x00' + bytes([v]) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(sys.argv[1] + '/a.png', 'wb').write(png(28, 28, 100))
open(sys.argv[1] + '/b.png', 'wb').write(png(28, 28, 200))
EOF
ext() { run_lot extract --keymap simclr --images "$imgs" --out "$scratch/f.npy" --preprocess pocket-rgb --device cpu \
  --cache "$scratch/c-ext" "$@"; }
mkdir -p "$scratch/a-dir"
ext --checkpoint "$scratch/a-dir" >"$(log dir)" 2>&1
st=$?
ok=0; [ "$st" = 2 ] && grep -q "is a directory" "$(log dir)" && ok=1
row "a directory as --checkpoint (#10)" "exit 2, 'is a directory'" "exit $st: $(grep -o 'is a directory[^;(]*' "$(log dir)" | head -1)" "$ok"
python3 -c "
N=300000
open('$scratch/deep.pkl','wb').write(b'\x80\x02' + b'}X\x01\x00\x00\x00a'*N + b'}' + b's'*N + b'.')"
ext --checkpoint "$scratch/deep.pkl" >"$(log deep)" 2>&1
st=$?
lines=$(wc -l <"$(log deep)" | tr -d ' ')
ok=0; [ "$st" = 2 ] && [ "$lines" -le 3 ] && grep -q "levels deep" "$(log deep)" && ok=1
row "pickle nested 300,000 deep (#4)" "exit 2, refused in a line or two" "exit $st, $lines line(s)" "$ok"
ckpt="$scratch/simclr-flipped.pth"
cp "$P/datasets/pocket/zoo/simclr/ResNet50_1x.pth" "$ckpt"
flip "$ckpt" 1
ext --checkpoint "$ckpt" >"$(log crc)" 2>&1
st=$?
ok=0; [ "$st" = 2 ] && grep -q "CRC-32" "$(log crc)" && ok=1
row "one byte flipped in a checkpoint zip (#12)" "exit 2, the entry's CRC-32 named" "exit $st$(grep -q CRC-32 "$(log crc)" && echo ', CRC-32 named')" "$ok"

# 10. extract with an undecodable image (#13): counted, listed, skipped, exit 1
echo "not an image" >"$imgs/c.png"
ext --checkpoint "$P/datasets/pocket/zoo/simclr/ResNet50_1x.pth" >"$(log badimg)" 2>&1
st=$?
rows_out=$(wc -l <"$scratch/f.txt" 2>/dev/null | tr -d ' ')
ok=0; [ "$st" = 1 ] && [ "$rows_out" = 2 ] && grep -q "c.png" "$(log badimg)" && ok=1
row "extract, one undecodable image of three (#13)" "exit 1, 2 rows, c.png listed" "exit $st, ${rows_out:-0} rows" "$ok"

# 11. a damaged cache entry is repaired and said on the console (#13)
feat=$(find "$scratch/c-shard/features" -name '*.bin' | head -1)
truncate -s -100 "$feat"
run_lot run --frameworks pixels --cache "$scratch/c-shard" --reports "$scratch/r-shard" "${quiet[@]}" \
  >"$(log repair)" 2>&1
st=$?
ok=0; [ "$st" = 0 ] && grep -q "cache: .*damaged cache entry" "$(log repair)" && ok=1
row "truncated features entry, warm run (#13)" "exit 0, repair on the console" \
  "exit $st$(grep -q 'cache: .*damaged' "$(log repair)" && echo ', said on the console')" "$ok"

# 12. a bad last checkpoint (#11): refused before any extraction
flip "$P/datasets/pocket/zoo/swav/swav_pretrain.pth.tar" 1
start=$(date +%s)
run_lot run --cache "$scratch/c-pre" --reports "$scratch/r-pre" "${quiet[@]}" >"$(log preflight)" 2>&1
st=$?
secs=$(( $(date +%s) - start ))
ok=0; [ "$st" = 2 ] && [ ! -d "$scratch/c-pre/features" ] && grep -q "swav" "$(log preflight)" && ok=1
row "damaged last checkpoint of the suite (#11)" "exit 2 before any extraction" \
  "exit $st after ${secs}s, features extracted: $([ -d "$scratch/c-pre/features" ] && echo some || echo none)" "$ok"

# 13. a framework failing mid-run (#11): its checkpoint damaged but pinned as it is now, so only loading finds it
zoo="$P/datasets/pocket/zoo/simclr/ResNet50_1x.pth"
flip "$zoo" 1
sha=$(sha256sum "$zoo" | cut -d' ' -f1)
lock="$P/suite/catalog/checkpoints.lock.csv"
awk -F, -v OFS=, -v sha="$sha" '$1 == "zoo-simclr" { $3 = sha } { print }' "$lock" >"$lock.new" && mv "$lock.new" "$lock"
run_lot run --frameworks zoo-simclr,pixels --cache "$scratch/c-shard" --reports "$scratch/r-mid" "${quiet[@]}" \
  >"$(log midrun)" 2>&1
st=$?
ok=0
[ "$st" = 2 ] && grep -q '"zoo-simclr"' "$scratch/r-mid/latest/run.json" 2>/dev/null \
  && tail -n +2 "$scratch/r-mid/latest/results.csv" | grep -q '^"\?pocket.pixels' && ok=1
row "a framework's checkpoint fails to load mid-run (#11)" "others run, report names it failed, exit 2" \
  "exit $st, report $([ -f "$scratch/r-mid/latest/run.json" ] && echo written || echo missing)" "$ok"

printf '\n%-52s | %-44s | %-48s | %s\n' "experiment" "expected" "observed" "held"
printf '%s\n' "$(printf '%.0s-' {1..160})"
for r in "${rows[@]}"; do
  IFS=$'\t' read -r e x o h <<<"$r"
  printf '%-52s | %-44s | %-48s | %s\n' "$e" "$x" "$o" "$h"
done
printf '\n%d of %d held (scratch: %s)\n' "$held" "$total" "$scratch"
[ "$held" = "$total" ]
