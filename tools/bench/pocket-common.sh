# Sourced by the pocket timing scripts (pocket-vs-reference.sh, pocket-ab.sh): the work they time and how.
# Needs $work (the script's temp folder) set before pocket_run or pocket_prepare is called.
frameworks="${FRAMEWORKS:-pixels,zoo-simclr,zoo-moco,zoo-byol,zoo-simsiam,zoo-dino,zoo-barlowtwins,zoo-vicreg,zoo-swav}"
seeds="${SEEDS:-3}"
threads="${THREADS:-2}"

now() { date +%s.%N; }
# seconds from $1 to $2 with $3 decimals (default 1)
secs() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { printf "%.*f", d, b - a }'; }

# one whole `lottery run` of the pocket work: $1 checkout, $2 cache folder, $3 reports folder; its log in $work/run.log
pocket_run() {
  "$1/lottery" run --frameworks "$frameworks" --seeds "$seeds" --engine-threads "$threads" --cache "$2" \
    --reports "$3" --no-progress > "$work/run.log" 2>&1 || {
      echo "run failed in $1 (exit $?), see $work/run.log" >&2; tail -5 "$work/run.log" >&2; exit 2; }
}

pocket_banner() {
  echo "pocket suite: frameworks $frameworks, $seeds seeds, $threads threads; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# builds $1's jar outside the timing (`run --help` makes the launcher build it when it is missing or stale); then,
# when its launcher would write its class-data archive on the next run (README, "The two commands"), writes it with one
# untimed run of the same work, so that the timed runs meet the archive every run after a build's first meets
pocket_prepare() {
  "$1/lottery" run --help > /dev/null
  if LOTTERY_DRY_RUN=1 "$1/lottery" run 2>/dev/null | grep -q DumpLoadedClassList; then
    echo "writing $1's class-data archive (one untimed run)..."
    pocket_run "$1" "$work/prepare-cache" "$work/prepare-reports"
    rm -rf "$work/prepare-cache" "$work/prepare-reports"
  fi
}
