#!/bin/sh
# Runs every benchmark; $1 is the build directory (default build).  Figures go to stdout.
set -eu
B=${1:-build}
echo "== metrics: OSPA/GOSPA, score (SIAP), commonality, latency histogram, PCRLB"
"$B/bench/bench_metrics" 1000 1000
