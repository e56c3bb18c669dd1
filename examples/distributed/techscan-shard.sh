#!/bin/sh
# Scans one shard of a data room as JSON Lines, for a Kubernetes Indexed Job or Spark's
# RDD.pipe (docs/distributed.md walks through both).
#
#   techscan-shard.sh ROOT N OUT [SCAN OPTION...]
#
# ROOT  the folder (or zip) every worker sees at the same path
# N     the number of shards
# OUT   the JSON Lines file to write, or - for standard output (RDD.pipe)
# K, the shard this worker scans, is JOB_COMPLETION_INDEX + 1 when Kubernetes sets it,
# else the first line of standard input (RDD.pipe over the numbers 1..N). An empty input
# (an empty Spark partition) scans nothing and succeeds.
#
# Exit 0 when the shard's run completed: its report ends with the summary line, so
# documents that could not be read are in it as `failed` (techscan exits 2 for them, which
# must not make the scheduler retry a run that cannot get better). Any other ending (bad
# arguments, an unwritable output, a killed process) exits non-zero and the scheduler
# retries. `--fail-on none`: the gate is applied once, by `techscan merge`.
set -u
root=$1 n=$2 out=$3
shift 3
if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
    k=$((JOB_COMPLETION_INDEX + 1))
else
    read -r k || exit 0
fi
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
techscan scan "$root" --shard "$k/$n" --format jsonl --fail-on none --no-progress --quiet \
    "$@" >"$tmp"
status=$?
tail -n 1 "$tmp" | grep -q '^{"summary"' || exit 1
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit 1
if [ "$out" = - ]; then
    cat "$tmp"
else
    mkdir -p "$(dirname "$out")" && cp "$tmp" "$out"
fi
