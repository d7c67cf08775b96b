#!/bin/sh
# Tracks out as CAT062: positions in WGS-84 from the origin, ToD across midnight, movement,
# items left out when CAT062 cannot carry them; into a pcap that tshark reads without a malformed
# frame and with the same values, and over UDP (received by `skyweave ingest --record`).
. "$(dirname "$0")/lib.sh"
python3 - "$T/trk.csv" <<'PY'
import math, sys
rows = ["time_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps"]
for k in range(10):
    t = 4.0 * k
    rows.append(f"{t},1,{200*t:.2f},0,10000,200,0,0")                       # east, level
    a = math.radians(3 * t)                                                  # right turn, 3 deg/s
    rows.append(f"{t},2,{-50000+5000*math.sin(a):.2f},{116000-5000*math.cos(a):.2f},5000,"
                f"{250*math.cos(a):.2f},{-250*math.sin(a):.2f},5")
    rows.append(f"{t},3,0,111000,{200000+2000*t},0,0,2000")                  # too high for I062/130
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
"$SKYWEAVE" asterix cat062 "$T/trk.csv" --origin 25.0,51.0,0 --epoch 2026-01-01T23:59:50Z \
    --sac 25 --sic 100 --pcap "$T/c62.pcap" 2> "$T/err.txt" || fail "cat062: $(cat "$T/err.txt")"
grep -q "30 records in 10 datagrams" "$T/err.txt" || fail "$(cat "$T/err.txt")"
"$SKYWEAVE" asterix decode "$T/c62.pcap" > "$T/d.jsonl" || fail "our own CAT062 does not decode"
python3 - "$T/d.jsonl" <<'PY' || fail "CAT062 values"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
def tr(n): return [r for r in recs if r["I062/040"]["trk"] == n]
one, two, bm = tr(1), tr(2), tr(3)
assert all(r["sac"] == 25 and r["sic"] == 100 for r in recs)
# I062/070 across midnight: 86390, 86394, 86398, then 2, 6 ...
assert [r["I062/070"]["tod_s"] for r in one][:5] == [86390, 86394, 86398, 2, 6], one
# the origin is 25N 51E; 111 km north is about 1 degree of latitude further
p = one[0]["I062/105"]; assert abs(p["lat_deg"] - 25) < 1e-5 and abs(p["lon_deg"] - 51) < 1e-5, p
assert abs(two[0]["I062/105"]["lat_deg"] - 26.0) < 0.01, two[0]["I062/105"]
assert one[0]["I062/100"] == {"x_m": 0, "y_m": 0}
# first message of each track (TSB), never again
assert [r["I062/080"].get("tsb", 0) for r in one] == [1] + [0] * 9
# level east: constant course and speed; the turning track is seen turning right and climbing
assert all(r["I062/200"]["trans"] == 0 and r["I062/200"]["vert"] == 0 for r in one[1:])
assert all(r["I062/200"]["trans"] == 1 and r["I062/200"]["vert"] == 1 for r in two[1:]), two[1]["I062/200"]
# 10 km in feet; the missile is above what I062/130 and 220 can carry, so they are left out
assert abs(one[0]["I062/130"]["alt_ft"] - 10000 / 0.3048) <= 3.125 + 1
assert all("I062/130" not in r and "I062/220" not in r for r in bm)
assert one[0]["I062/500"]["apc"] == {"x_m": 100, "y_m": 100}
PY
if command -v tshark > /dev/null && [ -f "${SW_SHARED_DIR:-}/tools/asterix/astgolden.py" ]; then
    python3 "$SW_SHARED_DIR/tools/asterix/astgolden.py" "$T/c62.pcap" > "$T/g.jsonl" 2> /dev/null
    [ "$(wc -l < "$T/g.jsonl")" -eq 30 ] || fail "tshark saw $(wc -l < "$T/g.jsonl") records"
    grep -q '"frame_malformed": true' "$T/g.jsonl" && fail "tshark: malformed CAT062"
    "$SKYWEAVE" asterix encode < "$T/d.jsonl" > "$T/c62.raw"
    "$SW_BUILD_DIR/tests/asterix/test_asx_golden" "$T/c62.raw" "$T/g.jsonl" > "$T/cmp.txt" 2>&1 ||
        { cat "$T/cmp.txt"; fail "tshark's values differ"; }
else
    echo "(tshark or the shared tools absent: tshark check skipped)"
fi
# over UDP: what a display would receive
port=$(( 20000 + ($$ + 7) % 20000 ))
mkdir "$T/rec"
"$SKYWEAVE" ingest --udp "127.0.0.1:$port" --record "$T/rec" --duration 2 > /dev/null 2>&1 &
pid=$!
sleep 0.5
"$SKYWEAVE" asterix cat062 "$T/trk.csv" --origin 25.0,51.0,0 --epoch 2026-01-01T23:59:50Z \
    --sac 25 --sic 100 --udp "127.0.0.1:$port" 2> /dev/null || fail "cat062 --udp"
wait $pid
"$SKYWEAVE" asterix decode "$T/rec/"*.pcap | "$SKYWEAVE" asterix encode > "$T/udp.raw"
"$SKYWEAVE" asterix decode "$T/c62.pcap" | "$SKYWEAVE" asterix encode > "$T/pcap.raw"
cmp -s "$T/udp.raw" "$T/pcap.raw" || fail "UDP and pcap outputs differ"
echo ok
