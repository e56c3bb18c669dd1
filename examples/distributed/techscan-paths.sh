#!/bin/sh
# Scans the paths on standard input (one per line) as JSON Lines on standard output, for
# Spark's RDD.pipe over an RDD of paths (docs/distributed.md, techscan_spark.py --by paths).
#
#   techscan-paths.sh [SCAN OPTION...]
#
# An input with no path (an empty Spark partition) scans nothing, writes nothing and
# succeeds; `techscan scan` itself would refuse to run without a file.
#
# Exit 0 when the run completed: its report ends with the summary line, so documents that
# could not be read are in it as `failed` (techscan exits 2 for them, which must not make
# Spark retry a run that cannot get better). Any other ending (bad arguments, a killed
# process) exits non-zero with nothing written, and Spark retries the task when the pipe
# checks exit codes (`checkCode=True`). `--fail-on none`: the gate is applied once, by
# `techscan merge`.
set -u
list=$(mktemp) || exit 1
tmp=$(mktemp) || { rm -f "$list"; exit 1; }
trap 'rm -f "$list" "$tmp"' EXIT
cat >"$list" || exit 1
grep -q '[^[:space:]]' "$list" || exit 0
techscan scan --files-from "$list" --format jsonl --fail-on none --no-progress --quiet \
    "$@" >"$tmp"
status=$?
tail -n 1 "$tmp" | grep -q '^{"summary"' || exit 1
[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || exit 1
cat "$tmp"
