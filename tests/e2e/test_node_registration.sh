#!/bin/sh
# Registration across the coalition: two secure nodes on loopback fed by `skyweave sim
# --udp-nation` (tests/e2e/data/node2reg.yaml).  QA has a radar and ADS-B; BH has a radar 200 m
# long and 0.25 deg off, and no ADS-B of its own.  BH's node must find its radar's biases against
# QA's ADS-B-grade tracks (reg_reference) and apply them; QA's radar, unbiased, must come out
# near zero against its own ADS-B.  Then the common picture: one system track per aircraft.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
SCN="$SW_SOURCE_DIR/tests/e2e/data/node2reg.yaml"
DUR=56
SPEED=4     # 56 s of scenario in 14 s
PORT=$(( 23000 + ($$ % 400) * 2 ))
net_keys QA,BH
"$SKYWEAVE" node --make-configs "$SCN" --out "$T/cfg" --base-port "$PORT" --keys "$T/keys" \
    --domain "$DOM" > "$T/make.out" || fail "--make-configs"
for n in QA BH; do cp "$T/cfg/$n.yaml" "$T/$n.yaml"; done
set_epoch 3
for n in QA BH; do node_start "$n" --speed "$SPEED"; done
ROUTES=$(sed 's/^skyweave sim --scenario [^ ]*//' "$T/make.out")
# shellcheck disable=SC2086
"$SKYWEAVE" sim --scenario "$SCN" --out "$T/sim" --duration "$DUR" --epoch "$EPOCH" --no-pcap \
    --speed "$SPEED" $ROUTES 2> "$T/sim.err" || fail "sim: $(cat "$T/sim.err")"
sleep 2
for n in QA BH; do node_stop "$n"; done
python3 - "$T" <<'PY' || fail "registration at the nodes"
import json, sys
T = sys.argv[1]
def reg(n):
    s = json.load(open(f"{T}/w{n}/summary.json"))
    g = {r["name"]: r for r in s["inputs"]["registration"]}
    print(n, g)
    return s, g
_, qa = reg("QA")
_, bh = reg("BH")
r = bh["BH-R1"]  # against QA's tracks only: BH has no ADS-B
assert r["pairs"] >= 100 and r["applied"], r
assert abs(r["range_m"] + r["gain_m_per_100km"] * 0.5 - 200) < 40, r
assert abs(r["azimuth_deg"] - 0.25) < 0.04, r
r = qa["QA-R1"]  # against its own ADS-B, unbiased
assert r["pairs"] >= 100 and abs(r["range_m"]) < 40 and abs(r["azimuth_deg"]) < 0.04, r
PY
"$SKYWEAVE" netscore --truth "$T/sim/truth.csv" --from 30 --to $((DUR - 2)) \
    --picture "QA=$T/wQA/picture.csv" --picture "BH=$T/wBH/picture.csv" > "$T/score.json" \
    || fail "netscore"
python3 - "$T/score.json" <<'PY' || fail "the common picture: $(cat "$T/score.json")"
import json, sys
s = json.load(open(sys.argv[1]))
print("commonality", s["commonality"], {n: (v["ambiguity"], round(v["position_accuracy_m"], 1))
                                        for n, v in s["per_node"].items()})
assert s["commonality"] >= 0.99
for n, v in s["per_node"].items():
    assert v["ambiguity"] <= 1.02 and v["position_accuracy_m"] < 100, (n, v)
PY
