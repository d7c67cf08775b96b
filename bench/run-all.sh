#!/bin/sh
# Runs every benchmark; $1 is the build directory (default build).  Figures go to stdout.
set -eu
B=${1:-build}
echo "== warn: classification, impact prediction, area probability, CAP, audit log"
"$B/bench/bench_warn"
