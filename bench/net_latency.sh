#!/bin/sh
# bench/net_latency.sh BUILD_DIR [OBJECTS] [SECONDS]
# Latency from plot-in to fused track on every node, two nodes on loopback, OBJECTS objects
# (default 10,000) each tracked by both nations (so each node fuses 2 x OBJECTS local tracks),
# updates spread over a 4 s scan; then Cyclone's own loopback latency with ddsperf, with the
# same configuration files, beside it.  Plain (--insecure), secure with whole-message protection
# (keys --rtps-protection) and secure with per-sample encryption (the default governance).
# Latencies are recorded from WARMUP s after start (default 16: discovery, the first association
# of every track, and the R2 holder's heap growing to its size - 13,000-20,000 page faults until
# 12-15 s after start at 10,000 objects, none after; the runs before 2026-11-30 used 8).
# MODES="plain rtps secure" (the default) picks the governance runs; the load average is printed
# before each, since on a shared machine it moves the tail.  NICE=-10 runs the nodes and ddsperf
# alike at that scheduling priority (as a node would run on its own machine: the shared VM's
# other work then waits for them rather than the other way round); default: as they come.
# PROBE=1 also runs a probe beside the nodes that sleeps 1 ms at a time and prints how late it
# woke (the machine's own scheduling delay, which no node design removes).
# RT=N runs the nodes with `realtime: N` (their loop under SCHED_FIFO N, Cyclone's receive,
# delivery and event threads at N+1; docs/network.md); default 0, normal scheduling.
# PIN_CPUS=1 pins QA to CPU 0 and BH to CPU 1 (taskset): each node with a core of its own, the
# nearest this 2-vCPU machine comes to a node on its own machine.
# TRACE=1 runs the nodes with SW_NODE_TRACE and prints what each node's tail is made of
# (bench/net_latency_trace.py: the partner's side, then each phase of the receiving loop);
# TRACE=DIR also keeps the trace files (trace_MODENATION.csv and .csv.long) in DIR.
set -eu
B=$(cd "${1:?usage: net_latency.sh BUILD_DIR [OBJECTS] [SECONDS]}" && pwd)
N=${2:-10000}
S=${3:-30}
SRC=$(cd "$(dirname "$0")/.." && pwd)
SW="$B/skyweave"
PRIO=""
[ -n "${NICE:-}" ] && PRIO="nice -n $NICE"
T=$(mktemp -d /tmp/sw_bench_net.XXXXXX)
trap 'rm -rf "$T"' EXIT
DOM=$(( ($$ % 50) + 180 ))
python3 "$SRC/tests/net/net_scenario.py" "$T/scen" --nations QA,BH --objects "$N" --duration "$S" \
    --scan 4 --spread --no-truth
"$SW" keys --nations QA,BH --out "$T/keys" --allow-ddsperf > /dev/null
"$SW" keys --nations QA,BH --out "$T/keys_rtps" --allow-ddsperf --rtps-protection > /dev/null
for n in QA BH; do
cat > "$T/$n.yaml" <<CFG
nation: $n
coalition: [QA, BH]
origin: [25.3, 51.5, 0]
inputs: [{type: tracks_csv, path: scen/tracks.csv}]
dds: {domain: $DOM}
security: {dir: keys}
fusion: {max_tracks: $((N * 3))}
output: {picture_period_s: 1000, latency_warmup_s: ${WARMUP:-16}}
realtime: ${RT:-0}
CFG
sed 's|dir: keys|dir: keys_rtps|' "$T/$n.yaml" > "$T/${n}_rtps.yaml"
done
run() { # run LABEL CONFIG_SUFFIX [--insecure]
    label=$1; sfx=$2; shift 2
    E=$(date -u -d '+4 sec' +%Y-%m-%dT%H:%M:%SZ)
    if [ -n "${PROBE:-}" ]; then # the machine's own scheduling delay beside the nodes
        python3 -c '
import sys, time
end = time.monotonic() + float(sys.argv[1]); d = []
while time.monotonic() < end:
    t0 = time.monotonic(); time.sleep(0.001); d.append(time.monotonic() - t0 - 0.001)
d.sort(); n = len(d)
print(f"probe       {sys.argv[2]:8s} 1 ms sleeps beside the nodes, oversleep: p50 {1e3*d[n//2]:.2f} ms, "
      f"p99 {1e3*d[int(n*.99)]:.2f} ms, p99.9 {1e3*d[int(n*.999)]:.2f} ms, max {1e3*d[-1]:.1f} ms")
' $((S + 4)) "$label" > "$T/probe_$label.txt" &
    fi
    for n in QA BH; do
        [ -n "${TRACE:-}" ] && export SW_NODE_TRACE="$T/trace_$label$n.csv"
        PIN=""
        [ -n "${PIN_CPUS:-}" ] && PIN="taskset -c $([ "$n" = QA ] && echo 0 || echo 1)"
        $PRIO $PIN "$SW" node --config "$T/$n$sfx.yaml" --workdir "$T/$label$n" --epoch "$E" --duration $((S + 2)) "$@" \
            > "$T/$label$n.out" 2> "$T/$label$n.err" &
    done
    wait
    unset SW_NODE_TRACE
    [ -f "$T/probe_$label.txt" ] && cat "$T/probe_$label.txt"
    if [ -n "${TRACE:-}" ]; then
        for n in QA BH; do python3 "$SRC/bench/net_latency_trace.py" "$T/trace_$label$n.csv" "$label$n"; done
        [ -d "$TRACE" ] && cp "$T"/trace_"$label"*.csv* "$TRACE"/
    fi
    for n in QA BH; do
        python3 - "$T/$label$n/summary.json" "$label" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); p = d["latency_ms"]["partner"]; o = d["latency_ms"]["own"]
print(f"net_latency {sys.argv[2]:8s} node {sys.argv[3]}: system tracks {d['fusion']['system_tracks']}, "
      f"partner updates {p['n']}: p50 {p['p50']:.3f} ms, p90 {p['p90']:.3f} ms, p99 {p['p99']:.3f} ms, "
      f"max {p['max']:.3f} ms; own p99 {o['p99']:.3f} ms")
lm = d["loop_max_ms"]; n = d["net"]
print(f"             loop max after warm-up: inputs {lm['inputs']:.1f} ms, fusion slice {lm['fusion']:.1f} ms, "
      f"warn {lm['warn']:.1f} ms, rx burst {lm['rx']:.1f} ms, flush {lm['flush']:.1f} ms; reports sent {n['tx_report']}, local sent {n['tx_local']}; "
      f"CPU {d['cpu_s']:.1f} s in {d['uptime_s']:.0f} s ({100 * d['cpu_s'] / max(d['uptime_s'], 1):.0f} % of a core); "
      f"numbers made {d['fusion']['numbers_made']}, renumbered {d['fusion']['renumbered']}, handovers {d['fusion']['handovers']}; "
      f"page faults after warm-up {d['page_faults']['after_warmup']} (of {d['page_faults']['minor']})")
PY
    done
}
ddsperf_run() { # ddsperf_run LABEL XML_A XML_B
    CYCLONEDDS_URI="file://$3" $PRIO timeout 30 ddsperf -i $DOM -D 12 pong > /dev/null 2>&1 &
    pid=$!
    CYCLONEDDS_URI="file://$2" $PRIO timeout 30 ddsperf -i $DOM -D 10 -Qminmatch:1 -Qinitwait:5 ping 100Hz size 300 \
        > "$T/ddsperf_$1.txt" 2>&1 || true
    wait $pid 2>/dev/null || true
    # ddsperf prints RTT/2 (one way) per second: take the medians of its per-second p50 and p99
    awk -v l="$1" '/mean/ && /50%/ { for (i = 1; i <= NF; i++) { if ($i ~ /^50%/) p50[n] = $(i+1); if ($i ~ /^99%/) p99[n] = $(i+1) } n++ }
        END { if (!n) { print "ddsperf " l ": no output"; exit }
              printf "ddsperf     %-8s one-way (RTT/2) at 100 Hz, 300 B: p50 %s, p99 %s (second %d of %d)\n", l, p50[int(n/2)], p99[int(n/2)], int(n/2), n }' \
        "$T/ddsperf_$1.txt"
}
for m in ${MODES:-plain rtps secure}; do
    echo "mode $m${NICE:+, nice $NICE}: $(uptime)"
    case $m in
    plain) run plain "" --insecure ;;
    rtps) run rtps _rtps ;;
    secure) run secure "" ;;
    *) echo "net_latency: unknown mode $m (plain, rtps, secure)" >&2; exit 2 ;;
    esac
    ddsperf_run $m "$T/${m}QA/cyclonedds.xml" "$T/${m}BH/cyclonedds.xml"
done
uptime
