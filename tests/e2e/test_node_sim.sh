#!/bin/sh
# Three secure nodes that track their own sensors: `skyweave keys`, `skyweave node
# --make-configs` over a small 3-nation scenario, the nodes on loopback, and `skyweave sim
# --udp-nation` sending each nation's CAT048/034 (and QA's ADS-B CAT021) to its node, twice as
# fast as real time (nodes and simulator share --epoch and --speed).
# The common pictures are then scored against the simulator's truth.  A datagram from a source
# outside a node's allow-list (and one spoofing a partner's radar) must be dropped and counted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
SCN="$SW_SOURCE_DIR/tests/e2e/data/node3.yaml"
DUR=32
SPEED=2     # nodes and simulator share --epoch and --speed: 32 s of scenario in 16 s
PORT=$(( 21000 + ($$ % 400) * 3 ))
net_keys QA,BH,KW
"$SKYWEAVE" node --make-configs "$SCN" --out "$T/cfg" --base-port "$PORT" --keys "$T/keys" \
    --domain "$DOM" > "$T/make.out" || fail "--make-configs"
for n in QA BH KW; do [ -s "$T/cfg/$n.yaml" ] || fail "no config for $n"; done
expect_fail "give --keys" "$SKYWEAVE" node --make-configs "$SCN" --out "$T/cfg2"
printf 'name: x\nnations: [{code: QA, sensors: [{id: 1, type: radar}]}]\n' > "$T/bad.yaml"
expect_fail "bad.yaml:2" "$SKYWEAVE" node --make-configs "$T/bad.yaml" --out "$T/cfg2" --insecure
for n in QA BH KW; do "$SKYWEAVE" node --config "$T/cfg/$n.yaml" --check > /dev/null || fail "$n: --check"; done
grep -q "source: 127.10.1.1" "$T/cfg/QA.yaml" || fail "QA's radar has no source address"
grep -q "Manama" "$T/cfg/BH.yaml" || fail "BH's defended area is missing"
grep -q -- "--udp-nation QA=127.0.0.1:$PORT --udp-nation BH=127.0.0.1:$((PORT + 1))" "$T/make.out" \
    || fail "the sim arguments: $(cat "$T/make.out")"
for n in QA BH KW; do cp "$T/cfg/$n.yaml" "$T/$n.yaml"; done
set_epoch 3
for n in QA BH KW; do node_start "$n" --speed "$SPEED"; done
# the simulator's own arguments, as --make-configs printed them
ROUTES=$(sed 's/^skyweave sim --scenario [^ ]*//' "$T/make.out")
# shellcheck disable=SC2086
"$SKYWEAVE" sim --scenario "$SCN" --out "$T/sim" --duration "$DUR" --epoch "$EPOCH" --no-pcap \
    --speed "$SPEED" $ROUTES 2> "$T/sim.err" &
SIM=$!
sleep 4
# an unlisted source, and one that spoofs BH's radar towards QA's node: both dropped
python3 - "$PORT" <<'PY' || fail "sending the rogue datagrams"
import socket, sys
port = int(sys.argv[1])
blk = bytes([48, 0, 8, 0x80, 1, 1, 0, 0])   # a CAT048 block claiming SAC/SIC 1/1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(blk, ("127.0.0.1", port)); s.close()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.10.2.1", 0))
s.sendto(blk, ("127.0.0.1", port)); s.close()
PY
sleep 5
# radar health as the nodes see it while the radars turn (at the end they fall silent: "late")
for n in QA BH KW; do cp "$T/w$n/summary.json" "$T/$n.mid.json"; done
wait "$SIM" || fail "sim: $(cat "$T/sim.err")"
sleep 2
for n in QA BH KW; do
    t0=$(date +%s%N)
    node_stop "$n"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt 2000 ] || fail "$n took $ms ms to stop on SIGTERM"
done
for n in QA BH KW; do
    last=$(grep "^status $n" "$T/$n.out" | tail -n 1)
    echo "$last"
    p=$(echo "$last" | sed -n 's/.* plots=\([0-9]*\).*/\1/p')
    [ -n "$p" ] && [ "$p" -gt 100 ] || fail "$n: plots=$p (expected its radar's plots)"
    echo "$last" | grep -q "partners=" || fail "$n: no partners token"
done
python3 - "$T" <<'PY' || fail "node summaries"
import json, sys
T = sys.argv[1]
for n, radars in (("QA", {(1, 1)}), ("BH", {(2, 1)}), ("KW", {(3, 1)})):
    s = json.load(open(f"{T}/w{n}/summary.json"))
    i = s["inputs"]
    print(n, {k: i[k] for k in ("plots", "datagrams", "dropped", "denied_source", "refused_late",
                                "confirmed")}, "own latency ms", s["latency_ms"]["own"])
    assert i["confirmed"] >= 8, (n, i)                 # every aircraft (plus the odd false track)
    assert i["refused_late"] == 0, (n, i)              # the reorder window covers the sectors
    mid = json.load(open(f"{T}/{n}.mid.json"))["inputs"]["radars"]
    assert {(r["sac"], r["sic"]) for r in mid} == radars, (n, mid)  # its own radars only
    for r in mid:
        assert r["health"] == "ok" and abs(r["scan_period_s"] - 2.0) < 0.01, (n, r)
    if n == "QA":
        assert i["denied_source"] == 2 and i["dropped"] >= 2, i
        # radar and ADS-B plots: more than the radar's alone
        assert i["plots"] > sum(r["plots"] for r in i["radars"]) + 30, i
        # its radar paired with its ADS-B aircraft (~30 pairs in this short run; applied from
        # 100 on) and, an unbiased radar, estimated near zero: offset plus gain at the aircraft's
        # ~60 km (with so few pairs the two share the range error between them)
        g = {r["name"]: r for r in i["registration"]}
        print("QA registration", g)
        r = g["QA-R1"]
        assert r["pairs"] >= 15 and r["applied"] == (r["pairs"] >= 99.5), r
        assert abs(r["range_m"] + 0.6 * r["gain_m_per_100km"]) < 40, r
        assert abs(r["azimuth_deg"]) < 0.06, r
    else:
        assert i["denied_source"] == 0, (n, i)         # the simulator's own radars only
        # no ADS-B of their own: their radars pair with QA's ADS-B-grade tracks only (a few
        # pairs in this short run; test_node_registration.sh checks the estimates)
        assert {r["sensor"] for r in i["registration"]} <= {513, 769}, (n, i["registration"])
    assert s["latency_ms"]["own"]["n"] > 50, s["latency_ms"]
PY
"$SKYWEAVE" netscore --truth "$T/sim/truth.csv" --from 14 --to $((DUR - 2)) \
    --picture "QA=$T/wQA/picture.csv" --picture "BH=$T/wBH/picture.csv" \
    --picture "KW=$T/wKW/picture.csv" > "$T/score.json" || fail "netscore"
cat "$T/score.json"
python3 - "$T/score.json" <<'PY' || fail "picture figures"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["commonality"] >= 0.99, s["commonality"]
assert s["held_by_all"] >= 0.95, s["held_by_all"]
# Measured (docs/network.md): completeness 0.94, position accuracy 85 m, OSPA 139 m on each node.
# Completeness: Stone Soup's association needs 3 states, so 1 of the 16 scored bins is lost by
# construction (0.9375 at best).  Accuracy: 50-60 m in range and 0.1-0.15 deg (100-150 m across
# at 60 km) per plot, one 3-D radar each every 2 s, fused: well under 150 m.  OSPA (c = 1000 m)
# carries the completeness loss: one missed object in eight is ~125 m of it.
for n, v in s["per_node"].items():
    assert v["completeness"] >= 0.9, (n, v)
    assert v["ambiguity"] <= 1.02, (n, v)
    assert v["spuriousness"] <= 0.02, (n, v)
    assert v["position_accuracy_m"] < 150, (n, v)
    assert v["ospa_mean"] < 250, (n, v)
PY
echo "PASS test_node_sim"
