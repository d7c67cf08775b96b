#!/bin/sh
# Three secure nodes on loopback, real processes and real DDS: they exchange tracks and agree on
# one system track number per object; releasability to EG is applied before publishing.  BH runs
# its data path under SCHED_FIFO (realtime:) and must raise Cyclone's receive threads by name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
net_scenario --nations QA,BH,EG --objects 12 --duration 30
net_keys QA,BH,EG
net_config QA QA,BH,EG "releasability: {EG: {classes: [aircraft], floor_m: 500, withhold_sites: true}}"
net_config BH QA,BH,EG "realtime: 10"
net_config EG QA,BH,EG
set_epoch 3
for n in QA BH EG; do node_start "$n" --duration 26; done
for n in QA BH EG; do eval "wait \$PID_$n" || fail "node $n exited with an error: $(cat "$T/$n.err")"; done
for n in QA BH EG; do
    tail -n 1 "$T/$n.out" | grep -q "partners=" || fail "$n: no status line"
    grep -q "refused=0" "$T/$n.out" || fail "$n refused samples in a clean run"
    grep -q "<Security>" "$T/w$n/cyclonedds.xml" || fail "$n ran without security"
    [ "$(json_num "$T/w$n/summary.json" latency_ms.partner.n)" -gt 100 ] || fail "$n received few partner tracks"
done
# realtime: the loop and Cyclone's recv, recvUC and tev at least (thread names of Cyclone 0.10)
rt=$(json_num "$T/wBH/summary.json" realtime.threads)
if [ "$(id -u)" -eq 0 ]; then
    [ "$rt" -ge 4 ] || fail "BH raised $rt threads under SCHED_FIFO (want >= 4)"
else
    [ "$rt" -lt 0 ] && grep -q "SCHED_FIFO was refused" "$T/BH.err" "$T/wBH/node.log" 2>/dev/null ||
        fail "BH without the right to SCHED_FIFO: no refusal reported"
fi
[ "$(json_num "$T/wQA/summary.json" realtime.threads)" -eq 0 ] || fail "QA asked for no realtime"
grep "status QA" "$T/QA.out" | tail -n 1 | grep -q "partners=BH,EG" || fail "QA does not see both partners"
grep "status EG" "$T/EG.out" | tail -n 1 | grep -q "partners=QA,BH" || fail "EG does not see both partners"
"$SKYWEAVE" netscore --truth "$T/scen/truth.csv" --from 8 --to 24 \
    --picture "QA=$T/wQA/picture.csv" --picture "BH=$T/wBH/picture.csv" --picture "EG=$T/wEG/picture.csv" \
    > "$T/score.json" || fail "netscore"
cat "$T/score.json"
python3 - "$T/score.json" <<'PY' || fail "picture figures"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["pairs"] >= 12 * 8, s["pairs"]
assert s["commonality"] >= 0.99, s["commonality"]
assert s["held_by_all"] >= 0.99, s["held_by_all"]
for n, v in s["per_node"].items():
    # SIAP (metrics/, Stone Soup's association: 3 states to confirm, so the window start counts)
    assert v["completeness"] >= 0.85, (n, v)
    assert v["ambiguity"] <= 1.02, (n, v)
    assert v["spuriousness"] <= 0.01, (n, v)
    assert v["position_accuracy_m"] < 200, (n, v)
PY
# QA holds R2 (best radar) for every object: one reporter per object, the others adopt
[ "$(json_num "$T/wQA/summary.json" fusion.r2)" -eq 12 ] || fail "QA should report all 12"
[ "$(json_num "$T/wBH/summary.json" fusion.r2)" -eq 0 ] || fail "BH should report none"
# once the picture has settled, EG shows QA as the reporter of every object
awk -F, 'NR > 1 && $1 >= 8 && $10 != "QA" { bad = 1 } END { exit bad }' "$T/wEG/picture.csv" || fail "EG reporter"
echo ok
