#!/bin/sh
# skyweave ingest / replay: the real capture into plots (duplicates dropped once), and live over
# UDP on loopback: replay -> ingest with an allow-list and recording -> the recording decodes to
# the same datagrams.
. "$(dirname "$0")/lib.sh"
need_shared data/asterix/samples
C="$SW_SHARED_DIR/data/asterix/samples/CroatiaControlLtd_asterix"
SENS="$SW_SOURCE_DIR/tests/e2e/data/croatia-sensors.yaml"
num() { python3 -c "import json,sys; print(json.load(open(sys.argv[2]))[sys.argv[1]])" "$1" "$2"; }

# offline: 100 datagrams, every one sent twice (LAN A and B): 50 dropped as copies
"$SKYWEAVE" ingest --pcap "$C/cat_034_048.pcap" --sensors "$SENS" --plots "$T/p" > "$T/s.json" \
    || fail "ingest --pcap"
[ "$(num datagrams "$T/s.json")" = 100 ] || fail "datagrams: $(cat "$T/s.json")"
[ "$(num duplicates "$T/s.json")" = 50 ] || fail "duplicates"
[ "$(num cat048 "$T/s.json")" = 64 ] || fail "cat048 records"
[ "$(num plots "$T/s.json")" = 63 ] || fail "plots (one record is a track without a detection)"
rows=$(( $(wc -l < "$T/p-ra.csv") - 1 + $(wc -l < "$T/p-rae.csv") - 1 ))
[ "$rows" = 63 ] || fail "plots files hold $rows rows"
grep -q '^1462433754.602,6601,366110.02,340.136719,60.000,0.070000,1000,3C660C,DLH65A,10058.4' "$T/p-ra.csv" \
    || fail "the DLH65A plot"
# without the A/B de-duplication every plot comes twice
"$SKYWEAVE" ingest --pcap "$C/cat_034_048.pcap" --sensors "$SENS" --dedup-s 0 > "$T/s0.json"
[ "$(num plots "$T/s0.json")" = 126 ] || fail "plots without de-duplication"
# the allow-list on a recording: only LAN A's sources (10.17.58.183 sends 232.1.x)
"$SKYWEAVE" ingest --pcap "$C/cat_034_048.pcap" --sensors "$SENS" --allow 10.17.58.183 > "$T/sa.json"
[ "$(num denied_source "$T/sa.json")" = 50 ] || fail "denied_source: $(cat "$T/sa.json")"
[ "$(num duplicates "$T/sa.json")" = 0 ] || fail "no copies left once LAN B is denied"

# live: replay at 20x onto loopback, received with an allow-list tying 127.0.0.1 to 25/201
port=$(( 20000 + $$ % 20000 ))
mkdir "$T/rec"
"$SKYWEAVE" ingest --udp "127.0.0.1:$port" --allow "127.0.0.1=25/201" --sensors "$SENS" \
    --record "$T/rec" --rotate-mb 0.004 --duration 4 > "$T/live.json" 2> "$T/live.err" &
pid=$!
sleep 1
"$SKYWEAVE" replay "$C/cat_034_048.pcap" --to "127.0.0.1:$port" --speed 20 > "$T/replay.txt" || fail "replay"
grep -q '^100 datagrams sent' "$T/replay.txt" || fail "replay: $(cat "$T/replay.txt")"
wait $pid || fail "ingest --udp: $(cat "$T/live.err")"
[ "$(num datagrams "$T/live.json")" = 100 ] || fail "live datagrams: $(cat "$T/live.json")"
[ "$(num duplicates "$T/live.json")" = 50 ] || fail "live duplicates"
# only SIC 201's records get through; the rest are counted as denied
grep -q '"sic":201,"name":"R201","plots":14' "$T/live.json" || fail "R201 plots: $(cat "$T/live.json")"
[ "$(num plots "$T/live.json")" = 14 ] || fail "live plots"
[ "$(num denied_sensor "$T/live.json")" -gt 0 ] || fail "denied_sensor"
# the recording: several files, and together the same payloads as the original capture
n=$(ls "$T/rec" | wc -l)
[ "$n" -ge 3 ] || fail "rotation made $n files"
for f in $(ls "$T/rec" | sort); do "$SKYWEAVE" asterix decode "$T/rec/$f"; done | "$SKYWEAVE" asterix encode > "$T/rec.bin"
cmp -s "$T/rec.bin" "$C/extracted/cat_034_048.udp-payloads.ast" || fail "the recording differs from the capture"

# a source outside the allow-list: every datagram dropped and counted
"$SKYWEAVE" ingest --udp "127.0.0.1:$port" --allow 10.9.9.9 --duration 2 > "$T/deny.json" 2>/dev/null &
pid=$!
sleep 0.5
"$SKYWEAVE" replay "$C/cat_034_048.pcap" --to "127.0.0.1:$port" --speed 0 > /dev/null
wait $pid
[ "$(num denied_source "$T/deny.json")" = 100 ] || fail "denied_source: $(cat "$T/deny.json")"
[ "$(num records "$T/deny.json")" = 0 ] || fail "records from a denied source"
expect_fail "not an IPv4 address" "$SKYWEAVE" replay "$C/cat_034_048.pcap" --to nowhere:1
echo ok
