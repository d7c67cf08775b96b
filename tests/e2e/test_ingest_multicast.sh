#!/bin/sh
# Multicast reception, as on a radar LAN: in a network namespace of its own (a veth pair, a
# multicast route), the A and B feeds of the real capture are replayed to one group on their two
# ports; skyweave ingest joins the group on the interface's address, receives both feeds and
# drops every B copy once.
. "$(dirname "$0")/lib.sh"
need_shared data/asterix/samples
if ! unshare -n true 2> /dev/null; then
    echo "SKIP: cannot create a network namespace (unshare -n needs root)"
    exit 0
fi
export SKYWEAVE T
export CAP="$SW_SHARED_DIR/data/asterix/samples/CroatiaControlLtd_asterix/cat_034_048.pcap"
unshare -n sh -c '
    set -e
    ip link set lo up
    ip link add v0 type veth peer name v1
    ip link set v0 up; ip link set v1 up
    ip addr add 10.9.0.1/24 dev v0
    ip route add 224.0.0.0/4 dev v0
    "$SKYWEAVE" ingest --udp 232.1.1.31:21131@10.9.0.1 --udp 232.1.1.31:22131@10.9.0.1 \
        --allow 10.9.0.0/24 --duration 3 > "$T/mc.json" 2> "$T/mc.err" &
    pid=$!
    sleep 0.7
    "$SKYWEAVE" replay "$CAP" --to 232.1.1.31:0 --speed 0 > "$T/replay.txt"
    wait $pid
' || fail "in the namespace: $(cat "$T/mc.err" 2>/dev/null)"
num() { python3 -c "import json,sys; print(json.load(open(sys.argv[2]))[sys.argv[1]])" "$1" "$2"; }
grep -q "^100 datagrams sent" "$T/replay.txt" || fail "replay: $(cat "$T/replay.txt")"
# the feeds listen on 21131 (LAN A) and 22131 (LAN B): 15 datagrams each in the capture, the
# same 15 on both LANs
want=$("$SKYWEAVE" asterix decode "$CAP" | python3 -c '
import json, sys
print(len({d["frame"] for d in map(json.loads, sys.stdin) if d["dst"].endswith(("21131", "22131"))}))')
[ "$want" = 30 ] || fail "the capture has $want datagrams for the two ports"
[ "$(num datagrams "$T/mc.json")" = 30 ] || fail "received: $(cat "$T/mc.json")"
[ "$(num duplicates "$T/mc.json")" = 15 ] || fail "every B copy dropped once: $(cat "$T/mc.json")"
echo ok
