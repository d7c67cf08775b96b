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

# the project's ingest turns the pcap back into exactly the plots the simulator made
plots=$(($(wc -l < "$T/a/plots.csv") - 1))
"$SKYWEAVE" ingest --pcap "$T/a.pcap" --sensors "$T/a/sensors.yaml" --plots "$T/in" > "$T/in.json" \
    || fail "ingest --pcap"
got=0
for f in "$T"/in-*.csv; do got=$((got + $(wc -l < "$f") - 1)); done
[ "$got" -eq "$plots" ] || fail "ingest read $got plots of $plots"
grep -q '"faults":0' "$T/in.json" || fail "ingest faults"
grep -q '"health":"ok"' "$T/in.json" || fail "ingest radar health"

# UDP on loopback into skyweave ingest: everything arrives, and --speed paces it
port=$((20000 + $$ % 20000))
"$SKYWEAVE" ingest --udp "127.0.0.1:$port" --sensors "$T/a/sensors.yaml" --plots "$T/u" \
    --duration 12 > "$T/u.json" &
rx=$!
sleep 1
start=$(date +%s.%N)
"$SKYWEAVE" sim --out "$T/us" --duration 60 --no-pcap --udp "127.0.0.1:$port" --speed 30 2> "$T/u.err"
end=$(date +%s.%N)
wait $rx || fail "ingest --udp"
sent=$(($(wc -l < "$T/us/plots.csv") - 1))
got=0
for f in "$T"/u-*.csv; do got=$((got + $(wc -l < "$f") - 1)); done
[ "$got" -eq "$sent" ] || fail "UDP: $sent plots sent, $got received"
# 60 simulated seconds at 30x: about 2 s of wall time
awk -v a="$start" -v b="$end" 'BEGIN { exit !(b - a >= 1.8) }' || fail "--speed 30 did not pace"
echo ok

# a radar that sees beyond what CAT048 can hold (RHO: 256 NM, 474 km; the acceptance scenario's
# 600 km phased array): those plots are counted, named and kept in plots.csv, none lost unsaid
SCN="$(dirname "$0")/../../scenarios/warn-ranges.yaml"
"$SKYWEAVE" sim --scenario "$SCN" --out "$T/far" --duration 420 --pcap "$T/far.pcap" 2> "$T/far.err" ||
    { cat "$T/far.err" >&2; fail "sim of the acceptance scenario"; }
far_rec=$(sed -n 's/.*ASTERIX: [0-9]* datagrams, \([0-9]*\) records (\([0-9]*\) CAT034).*/\1 \2/p' "$T/far.err")
skipped=$(sed -n 's/.*ASTERIX: \([0-9]*\) plots not sent: .*256 NM.*/\1/p' "$T/far.err")
far_plots=$(($(wc -l < "$T/far/plots.csv") - 1))
[ -n "$skipped" ] && [ "$skipped" -gt 0 ] || { cat "$T/far.err" >&2; fail "plots beyond 256 NM not reported"; }
set -- $far_rec
[ $(($1 - $2 + skipped)) -eq "$far_plots" ] ||
    fail "CAT048 records $(($1 - $2)) + not sent $skipped != $far_plots plots"
