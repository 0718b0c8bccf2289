#!/usr/bin/env bash
# Queues the shard array, then the merge once every shard has ended (whatever its exit status).
# Usage: LOTTERY_HOME=... LOTTERY_SHARED=... LOTTERY_DATA=... LOTTERY_CHECKPOINTS=... deploy/slurm/submit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --export=ALL "$here/lottery-shards.sbatch")
array=${array%%;*}
sbatch --dependency="afterany:$array" --export=ALL,ARRAY_JOB="$array" "$here/lottery-merge.sbatch"
echo "queued shards as job $array; the merged run will be in $LOTTERY_SHARED/runs/$array/merged/latest"
