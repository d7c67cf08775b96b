#!/bin/sh
# bench/run-all.sh BUILD_DIR - runs every benchmark (figures, not pass/fail).
set -eu
B=${1:?usage: run-all.sh BUILD_DIR}
here=$(dirname "$0")
sh "$here/net_latency.sh" "$B"
