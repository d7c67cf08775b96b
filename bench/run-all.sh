#!/bin/sh
# Runs every benchmark; $1 is the build directory (default build).  Figures go to stdout.
set -eu
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
echo "== sim: scenario generation speed"
"$B/bench/bench_sim" "$top/scenarios" 120
