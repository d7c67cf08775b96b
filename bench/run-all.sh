#!/bin/sh
# Runs every benchmark; $1 is the build directory (default build).  Figures go to stdout;
# docs/PERFORMANCE.md records them with the command that gave them.
set -eu
B=${1:-build}
for b in "$B"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "### $(basename "$b")"
    "$b"
    echo
done
