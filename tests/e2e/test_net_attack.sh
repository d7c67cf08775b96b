#!/bin/sh
# Outsiders and impostors on the secure network: a participant with a certificate from another CA,
# one without permission for the track topics, one that writes under another nation's identity
# and one with no security at all inject zero tracks and receive nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
[ -x "$PROBE" ] || fail "sw_probe not built ($PROBE)"
net_scenario --nations QA,BH,EG --objects 6 --duration 30
net_keys QA,BH,EG --monitor MON
"$SKYWEAVE" keys --nations QA,BH,EG --out "$T/rogue" > /dev/null
net_config QA QA,BH,EG
net_config EG QA,BH,EG
set_epoch 2
node_start QA --duration 20
node_start EG --duration 20
sleep 5
P="$PROBE --domain $DOM --duration 6 --count 20"
# 1. QA's name, but certificate and permissions from a rogue CA
#    (its own rogue permissions let it read EG_to_QA, which EG writes for the real QA)
$P --keys "$T/rogue" --id QA --write-part QA_to_EG --write-as QA --read-part EG_to_QA > "$T/p1" 2>&1 &
# 2. a coalition identity that may only read node status
$P --keys "$T/keys" --id MON --write-part MON_to_EG --write-as MON --read-part QA_to_EG > "$T/p2" 2>&1 &
# 3. BH's genuine identity writing into QA's partition (speaking for QA)
#    and reading what QA releases to EG only
$P --keys "$T/keys" --id BH --write-part QA_to_EG --write-as QA --read-part QA_to_EG > "$T/p3" 2>&1 &
# 4. BH's genuine identity in its own partition, but samples claiming to be QA's
$P --keys "$T/keys" --id BH --write-part BH_to_EG --write-as QA > "$T/p4" 2>&1 &
# 5, 6. no security at all (writer and reader apart, so that they do not match each other)
$P --insecure --write-part QA_to_EG --write-as QA > "$T/p5" 2>&1 &
$P --insecure --read-part EG_to_QA > "$T/p6" 2>&1 &
wait_probes() { for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    [ "$(cat "$T"/p[1-6] | grep -c 'participant=')" -ge 6 ] && return; sleep 1; done; }
wait_probes
for i in 1 2 3 4 5 6; do echo "probe $i: $(grep participant= "$T/p$i")"; done
grep -q "matched=0 .*received=0" "$T/p1" || fail "rogue-CA participant matched or received"
grep -q "writer=refused reader=refused" "$T/p2" || fail "monitor identity got a track writer or reader"
grep -q "writer=refused reader=refused" "$T/p3" || fail "BH could write as QA / read QA_to_BH"
grep -q "writer=ok" "$T/p4" || fail "probe 4 set-up"
grep -q "writer=ok.*matched=0 .*received=0" "$T/p1" || fail "rogue probe set-up"
grep -q "matched=0 .*received=0" "$T/p5" || fail "unsecured writer matched"
grep -q "reader=ok .*received=0" "$T/p6" || fail "unsecured reader received"
for n in QA EG; do eval "wait \$PID_$n" || fail "node $n failed: $(cat "$T/$n.err")"; done
# EG refused every sample of probe 4 (nation QA in BH's partition) and said so
[ "$(json_num "$T/wEG/summary.json" net.refused)" -ge 1 ] || fail "EG did not refuse the forged samples"
grep -q "refused a local track from partition BH claiming nation 'QA'" "$T/wEG/node.log" || fail "no log line"
# nothing injected reached any picture (probe tracks are thousands of km away) ...
for n in QA EG; do
    awk -F, 'NR > 1 && ($3 > 1e6 || $3 < -1e6 || $4 > 1e6 || $4 < -1e6) { bad = 1 } END { exit bad }' \
        "$T/w$n/picture.csv" || fail "an injected track is in $n's picture"
done
# ... while the genuine partners kept exchanging tracks
[ "$(json_num "$T/wEG/summary.json" latency_ms.partner.n)" -gt 20 ] || fail "EG got no tracks from QA"
echo ok
