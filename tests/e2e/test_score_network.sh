#!/bin/sh
# skyweave score --node: commonality across node pictures and each node's own SIAP, on real
# files (three nodes; one renumbers an object half-way, one reports at other times).
. "$(dirname "$0")/lib.sh"

# Truth: A (id 1) and B (id 2) 30 km apart flying north at 100 m/s, every second for 100 s.
awk 'BEGIN { print "time_s,target_id,x_m,y_m,vx_mps,vy_mps";
             for (t = 0; t <= 100; t++) { printf "%d,1,0,%d,0,100\n", t, 100 * t;
                                          printf "%d,2,30000,%d,0,100\n", t, 100 * t } }' > "$T/truth.csv"
# node OFF RENUMBER_AT: STN 101 on A, 202 on B (303 from RENUMBER_AT on), at times k + OFF
node() {
    awk -v off="$1" -v tb="$2" 'BEGIN { print "time_s,stn,x_m,y_m,vx_mps,vy_mps,class";
        for (k = 0; k <= 100; k++) { t = k + off;
            printf "%.2f,101,20,%.1f,0,100,aircraft\n", t, 100 * t;
            printf "%.2f,%d,29980,%.1f,0,100,aircraft\n", t, (t >= tb ? 303 : 202), 100 * t } }'
}
node 0 1000 > "$T/qa.csv"
node 0 1000 > "$T/bh.csv"
node 0 50 > "$T/eg.csv"

"$SKYWEAVE" score --truth "$T/truth.csv" --node QA="$T/qa.csv" --node BH="$T/bh.csv" \
    --node EG="$T/eg.csv" > "$T/n.json"
# B from t = 50 to 100 (51 of 202 samples) is not common; EG holds the agreed STN on 151
python3 - "$T/n.json" <<'PY' || fail "network figures"
import json, sys
j = json.load(open(sys.argv[1]))
n = j["network"]
ok = [abs(n["commonality"] - 151 / 202) < 1e-12,
      abs(n["per_node"]["EG"]["commonality"] - 151 / 202) < 1e-12,
      n["per_node"]["QA"]["commonality"] == 1,
      n["per_node"]["QA"]["siap"]["completeness"] == 1,
      n["per_node"]["QA"]["ospa_mean"] == 20,
      n["per_node"]["EG"]["siap"]["track_number_changes_per_target_s"] > 0,
      "tracking" not in j and "ospa_mean" not in j]
if not all(ok):
    print(ok, json.dumps(j, indent=1), file=sys.stderr)
sys.exit(0 if all(ok) else 1)
PY

# with --tracks too: the tracking figures at the top and the network beside them
sed '1s/stn/track_id/' "$T/qa.csv" > "$T/tracks.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/tracks.csv" --node QA="$T/qa.csv" \
    --node BH="$T/bh.csv" --compact > "$T/m.json"
grep -q '"ospa_mean":20,' "$T/m.json" || fail "tracking figures with --node"
grep -q '"commonality":1,' "$T/m.json" || fail "commonality of two agreeing nodes"

expect_fail "NAME=FILE" "$SKYWEAVE" score --truth "$T/truth.csv" --node QA
expect_fail "nosuch.csv" "$SKYWEAVE" score --truth "$T/truth.csv" --node QA="$T/nosuch.csv"
printf 'time_s,track_id,x_m,y_m,vx_mps,vy_mps\n' > "$T/wrongcol.csv"
expect_fail "stn" "$SKYWEAVE" score --truth "$T/truth.csv" --node QA="$T/wrongcol.csv"
echo ok
