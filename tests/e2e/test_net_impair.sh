#!/bin/sh
# One impaired link (cut, then 50 ms delay and 20 % loss each way) between network namespaces
# this test makes itself: commonality of the three nodes' pictures is back to >= 0.99 within
# 10 s and stays there.  Needs root (netns, veth, bridge); skips otherwise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
if [ "$(id -u)" -ne 0 ] || ! command -v ip > /dev/null; then
    echo "SKIP: needs root and iproute2 to make network namespaces"; exit 0
fi
IMPAIR="$SW_BUILD_DIR/tests/net/sw_impair"
P="sw$(( $$ % 100000 ))"
NS="${P}a ${P}b ${P}c ${P}br ${P}im"
IMP_PID=""
ns_cleanup() {
    [ -n "$IMP_PID" ] && kill "$IMP_PID" 2>/dev/null; net_cleanup
    for n in $NS; do ip netns del "$n" 2>/dev/null || true; done
}
trap 'ns_cleanup; rm_tmp' EXIT
if ! ip netns add "${P}br" 2>/dev/null; then
    echo "SKIP: cannot create network namespaces here"; exit 0
fi
for n in a b c im; do ip netns add "$P$n"; ip -n "$P$n" link set lo up; done
ip -n "${P}br" link add br0 type bridge
ip -n "${P}br" link set br0 up
NET=10.77.$(( $$ % 200 + 20 ))
i=1
for n in a b; do   # a and b: straight onto the bridge
    ip link add "${P}${n}0" type veth peer name "${P}${n}1"
    ip link set "${P}${n}0" netns "$P$n"
    ip link set "${P}${n}1" netns "${P}br"
    ip -n "$P$n" addr add "$NET.$i/24" dev "${P}${n}0"
    ip -n "$P$n" link set "${P}${n}0" up
    ip -n "${P}br" link set "${P}${n}1" master br0 up
    i=$((i + 1))
done
# c: through the impairing forwarder in namespace im
ip link add "${P}c0" type veth peer name "${P}c1"
ip link add "${P}c2" type veth peer name "${P}c3"
ip link set "${P}c0" netns "${P}c"
ip link set "${P}c1" netns "${P}im"
ip link set "${P}c2" netns "${P}im"
ip link set "${P}c3" netns "${P}br"
ip -n "${P}c" addr add "$NET.3/24" dev "${P}c0"
ip -n "${P}c" link set "${P}c0" up
ip -n "${P}im" link set "${P}c1" up
ip -n "${P}im" link set "${P}c2" up
ip -n "${P}br" link set "${P}c3" master br0 up
echo "0 0" > "$T/ctl"
ip netns exec "${P}im" "$IMPAIR" "${P}c1" "${P}c2" "$T/ctl" > "$T/impair.out" 2>&1 &
IMP_PID=$!

net_scenario --nations QA,BH,EG --objects 12 --duration 45
net_keys QA,BH,EG
j=0
for n in QA BH EG; do
    j=$((j + 1)); l=$(echo a b c | cut -d' ' -f$j)
    net_config "$n" QA,BH,EG
    sed -i "s|^dds:.*|dds: {domain: $DOM, mode: multihost, interface: ${P}${l}0, peers: [$NET.1, $NET.2, $NET.3], lease_s: 10}|" "$T/$n.yaml"
done
set_epoch 4
for n in QA BH EG; do
    j=$(case $n in QA) echo a;; BH) echo b;; EG) echo c;; esac)
    ip netns exec "$P$j" "$SKYWEAVE" node --config "$T/$n.yaml" --workdir "$T/w$n" --epoch "$EPOCH" \
        --duration 42 > "$T/$n.out" 2> "$T/$n.err" &
    NODE_PIDS="$NODE_PIDS $!"
    eval "PID_$n=$!"
done
while [ "$(scen_now)" -lt 10 ]; do sleep 0.2; done
echo "0 100" > "$T/ctl"; kill -HUP "$IMP_PID"            # cut EG's link for 5 s
while [ "$(scen_now)" -lt 15 ]; do sleep 0.2; done
echo "50 20" > "$T/ctl"; kill -HUP "$IMP_PID"            # then 50 ms each way, 20 % loss
RESTORE=$(scen_now)
for n in QA BH EG; do eval "wait \$PID_$n" || fail "node $n failed: $(cat "$T/$n.err")"; done
kill "$IMP_PID"; wait "$IMP_PID" 2>/dev/null || true; IMP_PID=""
cat "$T/impair.out"
grep -q "dropped=[1-9]" "$T/impair.out" || fail "the link was not impaired"
# EG's partners' tracks came through the delayed link (50 ms one way)
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['latency_ms']['partner']['p99'] >= 50 else 1)" \
    "$T/wEG/summary.json" || fail "EG's partner latency does not show the 50 ms delay"
grep "status EG" "$T/EG.out" | tail -n 1 | grep -q "partners=QA,BH" || fail "EG lost its partners"
"$SKYWEAVE" netscore --truth "$T/scen/truth.csv" --from 6 --to 40 --series \
    --picture "QA=$T/wQA/picture.csv" --picture "BH=$T/wBH/picture.csv" --picture "EG=$T/wEG/picture.csv" \
    > "$T/score.json" || fail "netscore"
cat "$T/score.json"
python3 - "$T/score.json" "$RESTORE" <<'PY' || fail "commonality did not recover within 10 s"
import json, sys
s = json.load(open(sys.argv[1])); restore = float(sys.argv[2])
late = [c for t, c in s["series"] if t >= restore + 10 and t <= 39]
assert len(late) >= 6, late
assert all(c is not None and c >= 0.99 for c in late), late
PY
echo ok
