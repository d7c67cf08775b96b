#!/bin/sh
# Runs every benchmark of the build in $1 (default build/), each bounded in time.
# Figures go to stdout; docs/PERFORMANCE.md records them with the commands.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for b in "$B"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    timeout 600 "$b" || status=1
done
for s in "$top"/bench/bench_*.sh; do
    [ -f "$s" ] || continue
    echo "== $(basename "$s")"
    timeout 600 sh "$s" "$B" || status=1
done
exit $status
