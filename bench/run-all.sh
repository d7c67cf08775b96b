#!/bin/sh
# Runs every benchmark; $1 is the build directory (default build).  Figures go to stdout.
set -eu
B=${1:-build}
echo "== metrics: OSPA/GOSPA, score (SIAP), commonality, latency histogram, PCRLB"
"$B/bench/bench_metrics" 1000 1000
# Runs every benchmark against the build in $1 (default build) and prints the figures.
# Long runs are bounded: each figure is measured for a few seconds.
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/sw_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== ASTERIX (bench_asx_gen, bench_asx_decode, skyweave asterix decode)"
"$build/bench/bench_asx_gen" "$work/radar.pcap" "$work/radar.ast" 320000
"$build/bench/bench_asx_decode" "$work/radar.ast" 3
recs=$("$build/skyweave" asterix decode "$work/radar.pcap" | wc -l)
best=0
for i in 1 2 3; do
    t0=$(date +%s.%N)
    "$build/skyweave" asterix decode "$work/radar.pcap" > /dev/null
    t1=$(date +%s.%N)
    r=$(echo "$recs / ($t1 - $t0)" | bc)
    [ "$r" -gt "$best" ] && best=$r
done
echo "skyweave asterix decode (pcap -> JSON lines to /dev/null): $recs records, best of 3: $best records/s"
t0=$(date +%s.%N)
"$build/skyweave" asterix decode "$work/radar.pcap" | "$build/skyweave" asterix encode > "$work/back.ast"
t1=$(date +%s.%N)
cmp -s "$work/back.ast" "$work/radar.ast" && same=identical || same=DIFFERENT
echo "decode | encode: $(echo "$recs / ($t1 - $t0)" | bc) records/s, output $same to the input"
top=$(cd "$(dirname "$0")/.." && pwd)
echo "== sim: scenario generation speed"
"$B/bench/bench_sim" "$top/scenarios" 120
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
echo "== warn: classification, impact prediction, area probability, CAP, audit log"
"$B/bench/bench_warn"
# bench/run-all.sh BUILD_DIR - runs every benchmark (figures, not pass/fail).
set -eu
B=${1:?usage: run-all.sh BUILD_DIR}
here=$(dirname "$0")
sh "$here/net_latency.sh" "$B"
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
