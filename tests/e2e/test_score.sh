#!/bin/sh
# skyweave score on real files: perfect tracks, a missing track, a spurious track, a swap of
# track numbers, tracks at other times than the truth, the per-time series, and bad input.
. "$(dirname "$0")/lib.sh"

# check FILE EXPR...: every Python expression must hold for the parsed JSON object j
# (one interpreter per file: python3 starts slowly on a loaded machine)
check() {
    f=$1; shift
    python3 - "$f" "$@" <<'PY' || fail "$f: see above"
import json, sys
j = json.load(open(sys.argv[1]))
near = lambda a, b, t: abs(a - b) <= t
bad = [e for e in sys.argv[2:] if not eval(e)]
for e in bad:
    print("FAIL:", e, file=sys.stderr)
if bad:
    print(json.dumps(j, indent=1), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# Truth: 4 targets 20 km apart flying north at 200 m/s, sampled every second for 120 s.
awk 'BEGIN { print "time_s,target_id,x_m,y_m,vx_mps,vy_mps";
             for (t = 0; t <= 120; t++) for (j = 1; j <= 4; j++)
                 printf "%d,%d,%d,%d,0,200\n", t, j, 20000 * j, 200 * t }' > "$T/truth.csv"

# 1. perfect tracks (the truth under another id column): OSPA 0, completeness 1
sed '1s/target_id/track_id/' "$T/truth.csv" > "$T/perfect.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/perfect.csv" > "$T/s1.json"
check "$T/s1.json" \
    "near(j['ospa_mean'], 0, 1e-9)" \
    "near(j['gospa_mean'], 0, 1e-9)" \
    "near(j['siap']['completeness'], 1, 0)" \
    "near(j['siap']['ambiguity'], 1, 0)" \
    "near(j['siap']['spuriousness'], 0, 0)" \
    "near(j['siap']['longest_segment'], 1, 0)" \
    "j['c'] == 1000 and j['p'] == 1"

# 2. a missing track (target 3 never tracked): completeness 3/4, OSPA c/4 with p = 1
awk -F, 'NR == 1 || $2 != 3' "$T/perfect.csv" > "$T/missing.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/missing.csv" > "$T/s2.json"
check "$T/s2.json" \
    "near(j['siap']['completeness'], 0.75, 1e-12)" \
    "near(j['ospa_mean'], 250, 1e-9)" \
    "near(j['gospa_mean'], 500, 1e-9)" \
    "near(j['gospa']['missed_mean'], 1, 1e-12)"
# order 2, cut-off 400: OSPA = sqrt(400^2 / 4)
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/missing.csv" --c 400 --p 2 > "$T/s2b.json"
check "$T/s2b.json" \
    "near(j['ospa_mean'], 200, 1e-9)" \
    "j['c'] == 400 and j['p'] == 2"

# 3. a spurious track far from everything: spuriousness 1/5, OSPA c/5
awk -F, 'NR > 1 && $2 == 1 { printf "%s,99,-500000,0,0,0\n", $1 }' "$T/perfect.csv" > "$T/extra"
cat "$T/perfect.csv" "$T/extra" > "$T/spurious.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/spurious.csv" > "$T/s3.json"
check "$T/s3.json" \
    "near(j['siap']['spuriousness'], 0.2, 1e-12)" \
    "near(j['siap']['completeness'], 1, 0)" \
    "near(j['ospa_mean'], 200, 1e-9)"

# 4. tracks 1 and 2 swap their numbers at t = 60: track-number changes, GOSPA switches
awk -F, 'BEGIN { OFS = "," } NR > 1 && $1 >= 60 && ($2 == 1 || $2 == 2) { $2 = 3 - $2 } { print }' \
    "$T/perfect.csv" > "$T/swap.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/swap.csv" --gospa-switch 100 > "$T/s4.json"
# each of the two swapped targets needs 2 tracks: R = 2 / (tracked time: 4 x 120 s less the
# two one-second steps 59 -> 60 that lie in no single association)
check "$T/s4.json" \
    "near(j['gospa']['switches'], 2, 0)" \
    "near(j['siap']['track_number_changes_per_target_s'], 2 / 478, 1e-12)" \
    "near(j['siap']['completeness'], 1, 0)" \
    "near(j['ospa_mean'], 0, 1e-9)"

# 5. tracks at other times (0.25 s after each truth sample, the last at 119.25), 30 m east:
#    the truth is interpolated, so position accuracy = 30 m.  The truth sample at 120 has no
#    track output within 0.5 s: it is scored with no tracks (OSPA = c there).  Weights: 1 s per
#    track time, 0.75 s for the last one and for t = 120, so
#    OSPA = (30 x 119.75 + 1000 x 0.75) / 120.5.  The series has every evaluation time.
awk -F, 'NR == 1 { print; next } $1 < 120 { printf "%.2f,%s,%d,%.1f,0,200\n", $1 + 0.25, $2, $3 + 30, $4 + 50 }' \
    "$T/perfect.csv" > "$T/offset.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/offset.csv" --series "$T/series.csv" > "$T/s5.json"
check "$T/s5.json" \
    "near(j['ospa_mean'], (30 * 119.75 + 1000 * 0.75) / 120.5, 1e-6)" \
    "near(j['siap']['position_accuracy_m'], 30, 1e-6)" \
    "j['alignment']['evaluation_times'] == 121" \
    "j['alignment']['truth_only_times'] == 1"
head -1 "$T/series.csv" | grep -q '^time_s,weight_s,truth_only,n_truth,n_tracks' || fail "series header"
[ "$(($(wc -l < "$T/series.csv") - 1))" = 121 ] || fail "series: one row per evaluation time"
tail -1 "$T/series.csv" | grep -q '^120.000,0.75,1,4,0,' || fail "series: the truth-only time at 120"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/offset.csv" --per-step > "$T/s5b.json"
check "$T/s5b.json" \
    "near(j['ospa_mean'], (30 * 120 + 1000) / 121, 1e-6)" \
    "j['alignment']['weighting'] == 'step'"

# 6. a 3-D truth against these 2-D tracks is scored in the plane
awk -F, 'NR == 1 { print "time_s,target_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps"; next }
         { printf "%s,%s,%s,%s,9000,%s,%s,0\n", $1, $2, $3, $4, $5, $6 }' "$T/truth.csv" > "$T/truth3.csv"
"$SKYWEAVE" score --truth "$T/truth3.csv" --tracks "$T/perfect.csv" --compact > "$T/s6.json"
[ "$(wc -l < "$T/s6.json")" = 1 ] || fail "--compact is not one line"
check "$T/s6.json" \
    "j['alignment']['dim'] == 2" \
    "near(j['ospa_mean'], 0, 1e-9)"

# 7. no tracks at all (a header only): everything missed, OSPA = c
head -1 "$T/perfect.csv" > "$T/none.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/none.csv" > "$T/s7.json"
check "$T/s7.json" \
    "near(j['ospa_mean'], 1000, 1e-9)" \
    "near(j['siap']['completeness'], 0, 0)"

# ... and no truth (a header only): every track spurious
head -1 "$T/truth.csv" > "$T/notruth.csv"
"$SKYWEAVE" score --truth "$T/notruth.csv" --tracks "$T/perfect.csv" > "$T/s8.json"
check "$T/s8.json" \
    "near(j['ospa_mean'], 1000, 1e-9)" \
    "near(j['siap']['spuriousness'], 1, 0)" \
    "near(j['siap']['completeness'], 0, 0)"

# 8. bad input: file and line named, non-zero exit
printf 'time_s,track_id,x_m,y_m,vx_mps,vy_mps\n1,1,0,0,0,0\n2,1,abc,0,0,0\n' > "$T/bad.csv"
expect_fail "bad.csv:3" "$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/bad.csv"
printf 'time_s,track_id,x_m,vx_mps,vy_mps\n1,1,0,0,0\n' > "$T/nocol.csv"
expect_fail "y_m" "$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/nocol.csv"
printf 'time_s,track_id,x_m,y_m,vx_mps,vy_mps\n1,1,0,0,0,0\n1,1,5,0,0,0\n' > "$T/dup.csv"
expect_fail "dup.csv:3: track_id 1 at time 1.000000 appears again (line 2)" \
    "$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/dup.csv"
: > "$T/empty.csv"
expect_fail "empty.csv" "$SKYWEAVE" score --truth "$T/empty.csv" --tracks "$T/perfect.csv"
expect_fail "nosuch.csv" "$SKYWEAVE" score --truth "$T/nosuch.csv" --tracks "$T/perfect.csv"
expect_fail "required" "$SKYWEAVE" score --truth "$T/truth.csv"
expect_fail "--p" "$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/perfect.csv" --p 0.5
expect_fail "not a number" "$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/perfect.csv" --c x
expect_fail "neither" "$SKYWEAVE" score --truth "$T/notruth.csv" --tracks "$T/none.csv"
"$SKYWEAVE" score --help | grep -q "usage: skyweave score" || fail "--help"
echo ok
