#!/bin/sh
# skyweave track on ASTERIX: a simulated recording that crosses midnight UTC (CAT048 + CAT034 +
# CAT021) -> track --pcap --sensors -> score against truth; the same recording with every
# datagram twice gives the same tracks; CAT062 out decoded by tshark matches the tracks CSV; the
# recording replayed over UDP on loopback -> track --udp gives the same tracks; a sender outside
# the sensors' allow-list is dropped and counted; multicast with --group in a network namespace;
# the real Croatian capture with a SAC/SIC missing from the sensors file names it.
. "$(dirname "$0")/lib.sh"
D="$SW_SOURCE_DIR/tests/e2e/data"
PY="python3 $D/track_asx_check.py"
T0=2026-03-01T23:58:00Z
T0S=1772409480   # the same instant in s since 1970
# a count from the summary line of skyweave track (the last line with " rows")
sum_of() {
    case $1 in
        datagrams) re='\([0-9]*\) datagrams' ;;      denied) re='\([0-9]*\) from sources not allowed' ;;
        duplicates) re='\([0-9]*\) duplicates' ;;    plots) re='\([0-9]*\) plots,' ;;
        unknown) re='\([0-9]*\) of unknown SAC/SIC' ;; confirmed) re='confirmed \([0-9]*\),' ;;
        refused) re='\([0-9]*\) refused' ;;          deleted) re='deleted \([0-9]*\),' ;;
    esac
    grep '^skyweave track: [0-9].* rows' "$2" | tail -1 | sed -n "s|^skyweave track: $re.*|\\1|p;t;s|.*[^0-9]$re.*|\\1|p"
}
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

"$SKYWEAVE" sim --scenario "$D/track-asterix.yaml" --out "$T/s" --quiet || fail "sim"
S="$T/s/sensors.yaml"

# ---- the recording: tracks, scored against the truth ----
"$SKYWEAVE" track --pcap "$T/s/asterix.pcap" --sensors "$S" --out "$T/p.csv" --t0 "$T0" \
    --cat062 "$T/c62.pcap" 2> "$T/p.err" || fail "track --pcap: $(cat "$T/p.err")"
[ "$(sum_of refused "$T/p.err")" = 0 ] || fail "plots refused: $(cat "$T/p.err")"
[ "$(sum_of plots "$T/p.err")" = "$(($(wc -l < "$T/s/plots.csv") - 1))" ] || fail "plots: $(cat "$T/p.err")"
"$SKYWEAVE" score --truth "$T/s/truth.csv" --tracks "$T/p.csv" > "$T/score.json" || fail "score"
# thresholds (docs/tracker.md, "ASTERIX input"): over seeds 1-8 of this scenario the measured
# completeness was 0.973-0.976 (the 4-of-5 confirmation of 4-5 s scans costs ~6 s of 240 s),
# OSPA (c = 1000 m, p = 1) 47-59 m, spuriousness 0-0.008, position accuracy 22.6-30.2 m; the
# bounds leave a margin for a platform's different rounding, not for a worse tracker
read -r c o sp acc <<EOF2
$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); s=d['siap']
print(s['completeness'], d['ospa_mean'], s['spuriousness'], s['position_accuracy_m'])" "$T/score.json")
EOF2
le 0.95 "$c" || fail "completeness $c < 0.95"
le "$o" 75 || fail "OSPA $o > 75 m"
le "$sp" 0.03 || fail "spuriousness $sp > 0.03"
le "$acc" 40 || fail "position accuracy $acc > 40 m"
# ASTERIX costs nothing against the simulator's own plots CSV (same tracker, same dimension)
"$SKYWEAVE" track --plots "$T/s/plots.csv" --sensors "$S" --dim 2 --out "$T/csv.csv" 2> /dev/null
"$SKYWEAVE" score --truth "$T/s/truth.csv" --tracks "$T/csv.csv" > "$T/score_csv.json"
oc=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ospa_mean'])" "$T/score_csv.json")
le "$o" "$(awk -v x="$oc" 'BEGIN { print x + 10 }')" || fail "ASTERIX OSPA $o vs plots CSV $oc"
# midnight: ToD wraps 120 s in; the track times run on without a jump
python3 - "$T/p.csv" <<'PY' || fail "time across midnight"
import csv, sys
t = [float(r["time_s"]) for r in csv.DictReader(open(sys.argv[1]))]
assert t == sorted(t), "times go backwards"
assert t[0] < 10 and 235 < t[-1] < 241, (t[0], t[-1])
gaps = max(b - a for a, b in zip(t, t[1:]))
assert gaps < 2, f"a gap of {gaps} s"
assert any(110 < x < 120 for x in t) and any(120 < x < 130 for x in t)
PY
echo "pcap: completeness $c, OSPA $o m (plots CSV: $oc m), spuriousness $sp, accuracy $acc m"

# ---- duplicates: every datagram twice (redundant LANs) gives the same tracks ----
$PY double "$T/s/asterix.pcap" "$T/dup.pcap"
"$SKYWEAVE" track --pcap "$T/dup.pcap" --sensors "$S" --out "$T/dup.csv" --t0 "$T0" 2> "$T/dup.err"
n=$(sum_of datagrams "$T/p.err")
[ "$(sum_of duplicates "$T/dup.err")" = "$n" ] || fail "duplicates: $(cat "$T/dup.err")"
cmp -s "$T/p.csv" "$T/dup.csv" || fail "tracks differ with duplicated datagrams"

# ---- CAT062 out, decoded by tshark: one record per tracks CSV row ----
if command -v tshark > /dev/null 2>&1; then
    TS="tshark -r $T/c62.pcap -d udp.port==8600,asterix"
    bad=$($TS -Y "_ws.malformed || _ws.expert.severity >= 4194304" 2> /dev/null | wc -l)
    [ "$bad" -eq 0 ] || fail "tshark: $bad malformed CAT062 frames"
    $TS -T fields -E occurrence=a -E aggregator='|' -e frame.number -e asterix.062_040_VALUE \
        -e asterix.062_070_VALUE -e asterix.062_105_LAT -e asterix.062_105_LON 2> /dev/null > "$T/c62.tsv"
    deleted=$(sum_of deleted "$T/p.err")
    $PY cat062 "$T/c62.tsv" "$T/p.csv" "$T0S" 45.0 16.0 0 "$deleted" || fail "CAT062 vs tracks"
    # every item asked for is there (210 is not: the tracks carry no acceleration estimate)
    $TS -c 400 -V 2> /dev/null | sed -n 's/^        \([0-9][0-9][0-9]\), .*/\1/p' | sort -u > "$T/items"
    for it in 010 015 040 060 070 080 100 105 136 185 200 245 290 295 380 500; do
        grep -qx "$it" "$T/items" || fail "no I062/$it in the output ($(tr '\n' ' ' < "$T/items"))"
    done
else
    echo "SKIP (part): tshark is not installed"
fi

# ---- unknown SAC/SIC: the real capture with radar 25/204 left out of the sensors file ----
if [ -d "${SW_SHARED_DIR:-}/data/asterix/samples" ]; then
    C="$SW_SHARED_DIR/data/asterix/samples/CroatiaControlLtd_asterix/cat_034_048.pcap"
    grep -v "sic: 204" "$D/croatia-sensors.yaml" > "$T/cro.yaml"
    "$SKYWEAVE" track --pcap "$C" --sensors "$T/cro.yaml" --out "$T/cro.csv" 2> "$T/cro.err" \
        || fail "track on the Croatian capture: $(cat "$T/cro.err")"
    grep -q "warning: SAC/SIC 25/204 is not in the sensors file $T/cro.yaml" "$T/cro.err" \
        || fail "no warning naming 25/204: $(cat "$T/cro.err")"
    grep -q "SAC/SIC 25/204 is missing from the sensors file $T/cro.yaml: [1-9][0-9]* records" \
        "$T/cro.err" || fail "summary does not name 25/204"
    [ "$(grep -c 'SAC/SIC 25/' "$T/cro.err")" = 2 ] || fail "other SAC/SIC named: $(cat "$T/cro.err")"
    [ "$(sum_of duplicates "$T/cro.err")" = 50 ] || fail "the A/B copies: $(cat "$T/cro.err")"
    [ "$(sum_of unknown "$T/cro.err")" -gt 0 ] || fail "unknown count"
else
    echo "SKIP (part): ${SW_SHARED_DIR:-../shared}/data/asterix is absent"
fi

# ---- the allow-list of the sensors file, on a recording ----
sed 's/^    range_max_m: \(.*\)$/    range_max_m: \1\n    source: [10.10.0.0\/16, 127.0.0.1]/' "$S" > "$T/src.yaml"
sed 's/^    range_max_m: \(.*\)$/    range_max_m: \1\n    source: 10.99.0.0\/16/' "$S" > "$T/other.yaml"
"$SKYWEAVE" track --pcap "$T/s/asterix.pcap" --sensors "$T/other.yaml" --out "$T/o.csv" 2> "$T/o.err"
[ "$(sum_of denied "$T/o.err")" = "$n" ] || fail "sources outside the list: $(cat "$T/o.err")"
[ "$(sum_of plots "$T/o.err")" = 0 ] || fail "plots from denied sources"
sed 's/source: \[10.10.0.0\/16, 127.0.0.1\]/source: {a: 1}/' "$T/src.yaml" > "$T/bad.yaml"
expect_fail "bad.yaml:[0-9]*.*'source': an address" "$SKYWEAVE" track --pcap "$T/s/asterix.pcap" \
    --sensors "$T/bad.yaml" --out -
expect_fail "needs --sensors" "$SKYWEAVE" track --pcap "$T/s/asterix.pcap" --out -

# ---- live: the recording replayed over UDP on loopback ----
hm=$(date -u +%H%M)
if [ "$hm" -ge 1150 ] && [ "$hm" -le 1210 ]; then
    # ToD is unrolled next to the receive time: a recording of 23:58-00:03 replayed at noon
    # is half a day away either side
    echo "SKIP (part): live replay of a midnight recording is ambiguous at 12:00 UTC"
else
    port=$(( 20000 + $$ % 20000 )); cport=$((port + 1))
    mkdir "$T/rec"
    "$SKYWEAVE" ingest --udp "127.0.0.1:$cport" --record "$T/rec" --duration 60 > /dev/null 2>&1 &
    rx=$!
    "$SKYWEAVE" track --udp "127.0.0.1:$port" --sensors "$T/src.yaml" --out "$T/u.csv" --t0 "$T0" \
        --duration 60 --status-s 1 --cat062 "$T/u62.pcap" --cat062-udp "127.0.0.1:$cport" 2> "$T/u.err" &
    pid=$!
    sleep 0.5
    "$SKYWEAVE" replay "$T/s/asterix.pcap" --to "127.0.0.1:$port" --speed 100 > "$T/replay.txt" || fail "replay"
    # a sender the sensors file does not list: 25 datagrams from 127.0.0.2
    "$SKYWEAVE" asterix decode "$T/s/asterix.pcap" | grep -m1 '"cat":48,' \
        | "$SKYWEAVE" asterix encode > "$T/one.ast"
    $PY send 127.0.0.2 "127.0.0.1:$port" 25 "$T/one.ast"
    sleep 1.2 # a status line after the last datagram
    kill -INT $pid # stops like an operator's Ctrl-C: flush, summary, exit 0
    wait $pid || fail "track --udp: $(cat "$T/u.err")"
    kill -INT $rx; wait $rx || true
    [ "$(sum_of denied "$T/u.err")" = 25 ] || fail "denied: $(cat "$T/u.err")"
    grep -q "^skyweave track: status: .* 25 from sources not allowed" "$T/u.err" \
        || fail "the status line does not report the denied sender"
    [ "$(sum_of datagrams "$T/u.err")" = $((n + 25)) ] || fail "datagrams: $(cat "$T/u.err")"
    python3 - "$T/p.csv" "$T/u.csv" <<'PY' || fail "live vs recording"
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in sys.argv[1:])
ia, ib = ({r["track_id"] for r in x} for x in (a, b))
# the same data in the same order: the same tracks (a datagram lost on loopback would show here)
assert abs(len(ia) - len(ib)) <= 1, (len(ia), len(ib))
assert abs(len(a) - len(b)) <= 0.02 * len(a), (len(a), len(b))
print(f"live: {len(ib)} tracks, {len(b)} rows; recording: {len(ia)} tracks, {len(a)} rows")
PY
    # CAT062 over UDP: what a display received is what went into the pcap
    "$SKYWEAVE" asterix decode "$T/rec/"*.pcap | "$SKYWEAVE" asterix encode > "$T/udp62.raw"
    "$SKYWEAVE" asterix decode "$T/u62.pcap" | "$SKYWEAVE" asterix encode > "$T/pcap62.raw"
    [ -s "$T/udp62.raw" ] && cmp -s "$T/udp62.raw" "$T/pcap62.raw" || fail "CAT062 over UDP differs"
fi

# ---- multicast with --group, in a network namespace of the test's own ----
if unshare -n true 2> /dev/null; then
    "$SKYWEAVE" sim --scenario "$D/track-asterix.yaml" --out "$T/m" --duration 60 --quiet
    export SKYWEAVE T
    unshare -n sh -c '
        set -e
        ip link set lo up
        ip link add v0 type veth peer name v1
        ip link set v0 up; ip link set v1 up
        ip addr add 10.9.0.1/24 dev v0
        ip route add 224.0.0.0/4 dev v0
        "$SKYWEAVE" track --udp 10.9.0.1:21000 --group 239.1.2.3 --sensors "$T/src.yaml" \
            --allow 10.9.0.0/24 --out "$T/mc.csv" --duration 60 --status-s 0 2> "$T/mc.err" &
        pid=$!
        sleep 0.7
        "$SKYWEAVE" replay "$T/m/asterix.pcap" --to 239.1.2.3:21000 --speed 30 > /dev/null
        sleep 0.3
        kill -TERM $pid
        wait $pid
    ' || fail "multicast: $(cat "$T/mc.err" 2> /dev/null)"
    "$SKYWEAVE" track --pcap "$T/m/asterix.pcap" --sensors "$S" --out "$T/mp.csv" 2> "$T/mp.err"
    [ "$(sum_of plots "$T/mc.err")" = "$(sum_of plots "$T/mp.err")" ] || fail "multicast plots: $(cat "$T/mc.err")"
    [ "$(sum_of confirmed "$T/mc.err")" = "$(sum_of confirmed "$T/mp.err")" ] || fail "multicast tracks"
else
    echo "SKIP (part): cannot create a network namespace for the multicast case"
fi
echo ok
