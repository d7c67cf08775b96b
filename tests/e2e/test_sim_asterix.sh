#!/bin/sh
# skyweave sim --pcap / --udp: every packet the simulator emits decodes clean in tshark and in the
# project's own decoder; UDP delivery on loopback is complete, and paced by --speed.
. "$(dirname "$0")/lib.sh"
if ! "$SKYWEAVE" sim --out "$T/probe" --duration 1 --pcap "$T/probe.pcap" --quiet 2> "$T/probe.err"; then
    grep -q "no ASTERIX codec" "$T/probe.err" && { echo "SKIP: this build has no asterix module"; exit 0; }
    cat "$T/probe.err" >&2
    fail "sim --pcap"
fi

"$SKYWEAVE" sim --out "$T/a" --duration 300 --pcap "$T/a.pcap" 2> "$T/a.err"
records=$(sed -n 's/.*ASTERIX: \([0-9]*\) datagrams, \([0-9]*\) records.*/\2/p' "$T/a.err")
dgrams=$(sed -n 's/.*ASTERIX: \([0-9]*\) datagrams.*/\1/p' "$T/a.err")
[ -n "$records" ] && [ "$records" -gt 10000 ] || { cat "$T/a.err" >&2; fail "records: '$records'"; }

# the project's decoder: one JSON line per record, no error
"$SKYWEAVE" asterix decode "$T/a.pcap" > "$T/a.jsonl" 2> "$T/dec.err" || fail "asterix decode failed"
[ ! -s "$T/dec.err" ] || { head "$T/dec.err" >&2; fail "decoder complained"; }
[ "$(wc -l < "$T/a.jsonl")" -eq "$records" ] || fail "decoded $(wc -l < "$T/a.jsonl") of $records records"
for c in 21 34 48; do grep -q "\"cat\":$c," "$T/a.jsonl" || fail "no CAT0$c"; done

# tshark: every frame is ASTERIX, none malformed, no expert warning
if command -v tshark > /dev/null 2>&1; then
    TS="tshark -r $T/a.pcap -d udp.port==8600,asterix"
    frames=$($TS 2>/dev/null | wc -l)
    [ "$frames" -eq "$dgrams" ] || fail "tshark sees $frames frames, sim sent $dgrams"
    asx=$($TS -Y asterix 2>/dev/null | wc -l)
    [ "$asx" -eq "$frames" ] || fail "tshark: only $asx of $frames frames are ASTERIX"
    bad=$($TS -Y "_ws.malformed || _ws.expert.severity >= 4194304" 2>/dev/null | wc -l)
    [ "$bad" -eq 0 ] || { $TS -Y "_ws.malformed || _ws.expert" -V 2>/dev/null | head -40 >&2; fail "tshark: $bad bad frames"; }
else
    echo "SKIP: tshark is not installed"
fi

# UDP on loopback: everything arrives (as fast as possible), and --speed paces it
port=$((20000 + $$ % 20000))
cat > "$T/rx.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(3.0)
n = 0
end = time.time() + 60
while time.time() < end:
    try:
        s.recv(65536)
        n += 1
    except socket.timeout:
        if n:
            break
print(n)
PY
if command -v python3 > /dev/null 2>&1; then
    python3 "$T/rx.py" "$port" > "$T/rx.out" &
    rx=$!
    sleep 0.5
    start=$(date +%s.%N)
    "$SKYWEAVE" sim --out "$T/u" --duration 60 --udp "127.0.0.1:$port" --speed 30 2> "$T/u.err"
    end=$(date +%s.%N)
    wait $rx
    sent=$(sed -n 's/.*ASTERIX: \([0-9]*\) datagrams.*/\1/p' "$T/u.err")
    got=$(cat "$T/rx.out")
    [ "$got" -eq "$sent" ] || fail "UDP: sent $sent, received $got"
    # 60 simulated seconds at 30x: about 2 s of wall time
    awk -v a="$start" -v b="$end" 'BEGIN { exit !(b - a >= 1.8) }' || fail "--speed 30 did not pace"
else
    echo "SKIP: python3 for the UDP receiver"
fi
echo ok
