#!/bin/sh
# Runs every benchmark against the build in $1 (default build) and prints the figures; `make bench`.
# Benchmarks are not tests: they print numbers, which docs/PERFORMANCE.md records with these
# commands.  Every run is bounded in time.  BENCH=name1,name2 runs only those sections.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/sw_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
want() { [ -z "${BENCH:-}" ] || echo ",$BENCH," | grep -q ",$1,"; }
run() { echo "\$ $*"; timeout 900 "$@" || { echo "!! failed: $*"; status=1; }; }

if want track; then
    echo "== tracker: plots/s, cost growth, IMM, memory, RMSE/PCRLB, OSPA"
    run "$B/bench/bench_track"
fi
if want reg; then
    echo "== sensor registration: cost per plot"
    run "$B/bench/bench_reg"
fi
if want asterix; then
    echo "== ASTERIX: decode to structs, decode to JSON lines"
    run "$B/bench/bench_asx_gen" "$work/radar.pcap" "$work/radar.ast" 320000
    run "$B/bench/bench_asx_decode" "$work/radar.ast" 3
    recs=$("$B/skyweave" asterix decode "$work/radar.pcap" | wc -l)
    best=0
    for i in 1 2 3; do
        t0=$(date +%s.%N)
        "$B/skyweave" asterix decode "$work/radar.pcap" > /dev/null
        t1=$(date +%s.%N)
        r=$(echo "$recs / ($t1 - $t0)" | bc)
        [ "$r" -gt "$best" ] && best=$r
    done
    echo "skyweave asterix decode (pcap -> JSON lines): $recs records, best of 3: $best records/s"
fi
if want trackpcap; then
    echo "== skyweave track --pcap: ASTERIX recording -> ingest -> tracker (datagrams, records, plots/s)"
    run sh "$top/bench/bench_track_pcap.sh" "$B" "$top/tests/e2e/data/track-asterix.yaml" 240
    run sh "$top/bench/bench_track_pcap.sh" "$B" "$top/scenarios/coalition6.yaml" 600
fi
if want metrics; then
    echo "== metrics: OSPA/GOSPA, score (SIAP), commonality, latency histogram, PCRLB"
    run "$B/bench/bench_metrics" 1000 1000
fi
if want sim; then
    echo "== sim: simulated seconds per second"
    run "$B/bench/bench_sim" "$top/scenarios" 120
fi
if want warn; then
    echo "== warn: classification, impact prediction, area probability, CAP, audit log"
    run "$B/bench/bench_warn"
fi
if want fuse; then
    echo "== fuse: track-to-track fusion cost"
    run "$B/bench/bench_fuse" 10000 30
fi
if want net; then
    echo "== net: plot-to-fused-track latency at 10,000 tracks vs ddsperf"
    run sh "$top/bench/net_latency.sh" "$B" 10000 20
fi
if want node; then
    echo "== node: six nodes fed by sim --udp-nation in real time: latency plot-in -> fused, CPU"
    run sh "$top/bench/node_sim.sh" "$B" 150
fi
if want web; then
    echo "== web: SSE bandwidth and server cost; page frame time in headless Chromium"
    run "$B/bench/bench_web" --tracks 2000 --update 4 --seconds 20
    run sh "$top/bench/bench_web_page.sh" "$B" 2000 20
fi
exit $status
