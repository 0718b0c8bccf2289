#!/usr/bin/env bash
# A before/after timing of the pocket suite: this checkout against another revision, alternately, so that a
# VM whose speed drifts from minute to minute (as the project's 2-core machines do) weighs both alike.
# Each round runs the other revision then this one, each cold (an empty temp cache) then warm (same cache),
# and prints wall seconds and the extraction / head-training sums from report.md's stage times.
#
#   tools/bench/pocket-ab.sh REV [ROUNDS]        # REV: any git revision, e.g. HEAD~3 or a commit id
#   FRAMEWORKS=pixels,zoo-dino SEEDS=3 THREADS=2 tools/bench/pocket-ab.sh main~5 3
#
# REV is checked out in a temp git worktree and its jar built there first, outside the timing (the launcher
# builds it on `run --help`), as is each side's class-data archive when its launcher keeps one
# (pocket-common.sh, pocket_prepare); the worktree is removed at the end. Not run by CI.
set -euo pipefail
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rev="${1:?usage: tools/bench/pocket-ab.sh REV [ROUNDS]}"
rounds="${2:-3}"
source "$home/tools/bench/pocket-common.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/pocket-ab.XXXXXX")
other="$work/other"
git -C "$home" worktree add --detach "$other" "$rev" > /dev/null
trap 'git -C "$home" worktree remove --force "$other" > /dev/null 2>&1 || true' EXIT
echo "building $rev ($(git -C "$other" rev-parse --short HEAD)) and this checkout ($(git -C "$home" rev-parse --short HEAD))..."
pocket_prepare "$other"
pocket_prepare "$home"

# extraction and head-training sums of the last run's stage-times table
stages() { awk -F'|' '/^## Stage times/ { on = 1; next } on && /^\| [a-z]/ && $2 !~ /framework/ { e += $3; h += $4 }
  on && /^## / && !/Stage/ { on = 0 } END { printf "%.2f %.2f\n", e, h }' "$1/latest/report.md"; }
pocket_banner
printf '%-6s %-10s %8s %8s %12s %10s\n' round side "cold s" "warm s" "extraction s" "heads s"
for r in $(seq 1 "$rounds"); do
  for side in other this; do
    dir=$([ "$side" = other ] && echo "$other" || echo "$home")
    rm -rf "$work/cache"
    t0=$(now); pocket_run "$dir" "$work/cache" "$work/reports-$side"; t1=$(now)
    read -r extraction heads < <(stages "$work/reports-$side")
    pocket_run "$dir" "$work/cache" "$work/reports-warm-$side"; t2=$(now)
    printf '%-6s %-10s %8s %8s %12s %10s\n' "$r" "$side" "$(secs "$t0" "$t1" 2)" "$(secs "$t1" "$t2" 2)" "$extraction" "$heads"
  done
done
echo "other = $rev; reports in $work"
