#!/bin/sh
# bench/node_sim.sh BUILD [SECONDS] - the six nodes of the default scenario (coalition6) fed by
# `skyweave sim --udp-nation` in real time over secure DDS on loopback, as the demo runs them.
# Prints, per node: plots into its tracker, confirmed tracks, own-track latency plot-in -> fused
# (the tracker's reordering window included), partner latency (plot-in at the partner -> fused
# here), the node loop's CPU per plot for ingest + tracker and per own-track update for
# publishing + fusing it (thread CPU time), and the whole process's CPU share (DDS, security and
# fusion of the partners' tracks included).  REORDER=S sets the trackers' reorder_s (the window,
# or in watermark mode the longest wait for a silent sensor); RELEASE=window|watermark the
# trackers' release mode (default: the node's, watermark).
set -eu
B=${1:-build}
DUR=${2:-120}
SW="$B/skyweave"
W=$(mktemp -d /tmp/sw_nodesim.XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$W"' EXIT
N="QA BH EG JO SA AE"
"$SW" keys --nations QA,BH,EG,JO,SA,AE --out "$W/keys" > /dev/null
DOM=$(( ($$ % 150) + 60 ))
PORT=$(( 23000 + ($$ % 300) * 6 ))
"$SW" node --make-configs default --out "$W/cfg" --keys "$W/keys" --base-port "$PORT" \
    --domain "$DOM" > "$W/sim.args"
if [ -n "${REORDER:-}" ]; then   # REORDER=S: the trackers' reorder_s instead of 1 s
    for n in $N; do
        sed -i "s/^tracker: {dim: \([23]\)/tracker: {dim: \1, reorder_s: $REORDER/" "$W/cfg/$n.yaml"
    done
fi
if [ -n "${RELEASE:-}" ]; then   # RELEASE=window: the fixed reordering window
    for n in $N; do
        sed -i "s/^tracker: {dim: \([23]\)/tracker: {dim: \1, release: $RELEASE/" "$W/cfg/$n.yaml"
    done
fi
EPOCH=$(date -u -d "+5 sec" +%Y-%m-%dT%H:%M:%SZ)
for n in $N; do
    "$SW" node --config "$W/cfg/$n.yaml" --workdir "$W/$n" --epoch "$EPOCH" > "$W/$n.out" 2>&1 &
    PIDS="$PIDS $!"
done
ROUTES=$(sed 's/^skyweave sim//' "$W/sim.args")
echo "\$ skyweave sim$ROUTES --epoch $EPOCH --duration $DUR --no-pcap --out DIR   (real time)"
# shellcheck disable=SC2086
"$SW" sim --out "$W/sim" --duration "$DUR" --epoch "$EPOCH" --no-pcap $ROUTES 2> "$W/sim.err"
sleep 3
for p in $PIDS; do kill -TERM "$p"; done
for p in $PIDS; do wait "$p" || true; done
PIDS=""
python3 - "$W" $N <<'PY'
import json, sys
W, nations = sys.argv[1], sys.argv[2:]
print("node  plots tracks | own lat p50/p99 ms | partner lat p50/p99 ms | track us/plot "
      "publish us/update | late | process CPU %")
for n in nations:
    s = json.load(open(f"{W}/{n}/summary.json"))
    i, o, p = s["inputs"], s["latency_ms"]["own"], s["latency_ms"]["partner"]
    print(f"{n:4} {i['plots']:6d} {i['confirmed']:6d} | {o['p50']:7.1f} {o['p99']:7.1f}    | "
          f"{p['p50']:7.1f} {p['p99']:7.1f}        | {i['track_us_per_plot']:13.1f} "
          f"{i['publish_us_per_update']:17.1f} | {i['refused_late']:4d} | "
          f"{100 * s['cpu_s'] / s['uptime_s']:5.1f}")
PY
