#!/bin/sh
# skyweave track: real binary, real files.  Plots are generated with awk (constant-velocity
# targets, Gaussian noise by Box-Muller, missed detections, uniform clutter); the test checks the
# tracks against the truth the generator used, the output contract (a row per confirmed track at
# every distinct plot time), the reordering window, polar plots with a sensors file, and that bad
# input fails with file:line.
. "$(dirname "$0")/lib.sh"

# gen SEED PD CLUTTER_PER_SCAN > plots.csv: 5 targets at 200 m/s, one radar, 4 s scans, 60 scans.
# Target i position at time t: x = -20000 + 8000 i + 200 t cos(i), y = -10000 + 200 t sin(i).
gen() {
    awk -v seed="$1" -v pd="$2" -v nc="$3" 'BEGIN { srand(seed); pi = 3.141592653589793
        print "time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m,truth_id"
        for (k = 0; k < 60; k++) { t = k * 4
            for (i = 1; i <= 5; i++) { tt = t + i * 0.01
                x = -20000 + i * 8000 + 200 * tt * cos(i); y = -10000 + 200 * tt * sin(i)
                if (rand() < pd) { u1 = rand() + 1e-12; u2 = rand(); r = sqrt(-2 * log(u1))
                    printf "%.3f,1,%.2f,%.2f,50,50,%d\n", tt, x + 50 * r * cos(2 * pi * u2), y + 50 * r * sin(2 * pi * u2), i } }
            for (c = 0; c < nc; c++)
                printf "%.3f,1,%.2f,%.2f,50,50,0\n", t + 0.5 + c * 0.001, (rand() - 0.5) * 100000, (rand() - 0.5) * 100000 } }'
}

# score TRACKS: per track, its nearest target at each row; prints "nlong rms_m nshort" where
# long tracks are those spanning more than 100 s after t = 40 s (rows after t = 40 s; rms over
# the long tracks) and short ones the rest (false tracks, or a target's track that was lost).
score() {
    awk -F, 'NR > 1 && $1 > 40 { t = $1; best = 1e18
            for (i = 1; i <= 5; i++) { x = -20000 + i * 8000 + 200 * t * cos(i); y = -10000 + 200 * t * sin(i)
                d2 = ($3 - x) ^ 2 + ($4 - y) ^ 2; if (d2 < best) best = d2 }
            if (!($2 in f)) f[$2] = t; l[$2] = t; n[$2]++; s[$2] += best }
        END { nl = 0; ns = 0; tot = 0; cnt = 0
            for (id in n) if (l[id] - f[id] > 100) { nl++; tot += s[id]; cnt += n[id] } else ns++
            printf "%d %.1f %d\n", nl, cnt ? sqrt(tot / cnt) : -1, ns }' "$1"
}

gen 7 0.95 2 > "$T/plots.csv"
"$SKYWEAVE" track --plots "$T/plots.csv" --out "$T/tracks.csv" 2> "$T/err.txt" || { cat "$T/err.txt"; fail "track"; }
head -1 "$T/tracks.csv" | grep -q "^time_s,track_id,x_m,y_m,vx_mps,vy_mps" || fail "tracks header"
set -- $(score "$T/tracks.csv")
[ "$1" -eq 5 ] || fail "expected 5 long tracks, got $1"
awk -v r="$2" 'BEGIN { exit !(r > 5 && r < 62) }' || fail "2-D position rms $2 m not in (5, 62) (plot sd 50 m per axis)"
echo "default: 5 tracks, rms $2 m"

# sim -> track -> score: the truth the generator used, scored by skyweave score
awk 'BEGIN { print "time_s,target_id,x_m,y_m,vx_mps,vy_mps"
    for (k = 0; k <= 240; k += 4) for (i = 1; i <= 5; i++)
        printf "%d,%d,%.2f,%.2f,%.3f,%.3f\n", k, i, -20000 + i * 8000 + 200 * k * cos(i), -10000 + 200 * k * sin(i), 200 * cos(i), 200 * sin(i) }' > "$T/truth.csv"
"$SKYWEAVE" score --truth "$T/truth.csv" --tracks "$T/tracks.csv" --compact > "$T/score.json" || fail "score"
ospa=$(sed 's/.*"ospa_mean":\([0-9.e+-]*\).*/\1/' "$T/score.json")
comp=$(sed 's/.*"completeness":\([0-9.e+-]*\).*/\1/' "$T/score.json")
spur=$(sed 's/.*"spuriousness":\([0-9.e+-]*\).*/\1/' "$T/score.json")
# OSPA over the whole run includes the first 16 s before confirmation (1000 m each)
awk -v o="$ospa" -v c="$comp" -v s="$spur" 'BEGIN { exit !(o > 10 && o < 130 && c > 0.9 && s < 0.05) }' \
    || { cat "$T/score.json"; fail "score: ospa $ospa, completeness $comp, spuriousness $spur"; }
echo "score: ospa_mean $ospa m, completeness $comp, spuriousness $spur"

# the contract: every distinct plot time after confirmation has one row per confirmed track
awk -F, 'NR > 1 && $1 > 40 { print $1 }' "$T/plots.csv" | sort -u > "$T/ptimes"
awk -F, 'NR > 1 && $1 > 40 { print $1 }' "$T/tracks.csv" | sort -u > "$T/ttimes"
cmp -s "$T/ptimes" "$T/ttimes" || fail "output times differ from the distinct plot times"
awk -F, 'NR > 1 && $1 > 40 { c[$1]++ } END { for (t in c) if (c[t] < 5) exit 1 }' "$T/tracks.csv" \
    || fail "some plot time has fewer than 5 confirmed tracks"

# out-of-order plots inside the reordering window: the same tracks as in time order (adjacent
# rows swapped: up to 3.5 s apart across scans, so a 5 s window)
awk 'NR == 1 { print; next } { l[NR] = $0 } END { for (i = 2; i <= NR; i += 2) { if (i + 1 <= NR) print l[i + 1]; print l[i] } }' \
    "$T/plots.csv" > "$T/swapped.csv"
cmp -s "$T/plots.csv" "$T/swapped.csv" && fail "the shuffle changed nothing"
"$SKYWEAVE" track --plots "$T/swapped.csv" --out "$T/tracks2.csv" --reorder 5
cmp -s "$T/tracks.csv" "$T/tracks2.csv" || fail "plots swapped within the window give different tracks"

# ... and beyond the window: an error naming the line
awk 'NR == 1 { print; next } NR == 40 { held = $0; next } { print } NR == 200 { print held }' "$T/plots.csv" > "$T/late.csv"
expect_fail "late.csv:200:.*reordering window" "$SKYWEAVE" track --plots "$T/late.csv" --out "$T/x.csv" --reorder 1

# IMM, JPDA and the CV filter all track the five targets
for opt in "--filter cv" "--filter ca" "--assoc jpda" "--filter imm --imm-ca" "--filter cv --assoc jpda"; do
    # shellcheck disable=SC2086
    "$SKYWEAVE" track --plots "$T/plots.csv" --out "$T/t.csv" $opt || fail "track $opt"
    set -- $(score "$T/t.csv")
    [ "$1" -eq 5 ] || fail "$opt: expected 5 long tracks, got $1"
    # a constant-acceleration filter on constant-velocity targets is noisier, by design
    lim=65; [ "$opt" = "--filter ca" ] && lim=85
    awk -v r="$2" -v l="$lim" 'BEGIN { exit !(r > 5 && r < l) }' || fail "$opt: position rms $2 m"
    echo "$opt: 5 tracks, rms $2 m"
done

# clutter (10 and 40 false plots per 100 x 100 km scan), the density estimated or given; in the
# heavy case 4-of-5 confirmation (the default) keeps false tracks rare
gen 11 0.9 10 > "$T/clutter.csv"
gen 11 0.9 40 > "$T/heavy.csv"
for run in "clutter.csv" "clutter.csv --clutter 1e-9" "heavy.csv" "heavy.csv --clutter 4e-9"; do
    # shellcheck disable=SC2086
    set -- $run
    f=$1; shift
    "$SKYWEAVE" track --plots "$T/$f" --out "$T/t.csv" "$@" || fail "clutter $run"
    set -- $(score "$T/t.csv")
    [ "$1" -eq 5 ] || fail "$run: expected 5 long tracks, got $1"
    [ "$3" -le 2 ] || fail "$run: $3 short (false) tracks"
    echo "$run: 5 tracks, rms $2 m, $3 short extra tracks"
done

# polar plots: range/azimuth from a sensor given in the common frame (planar geometry)
cat > "$T/sensors.yaml" <<'EOF'
sensors:
  - id: 3
    type: psr
    x_m: 5000
    y_m: -30000
    sd_range_m: 40
    sd_azimuth_deg: 0.1
    scan_s: 4
EOF
awk -F, 'NR == 1 { print "time_s,sensor_id,range_m,azimuth_deg,truth_id"; next }
    { srand(NR); pi = 3.141592653589793; dx = $3 - 5000; dy = $4 + 30000
      printf "%s,3,%.2f,%.5f,%s\n", $1, sqrt(dx * dx + dy * dy), atan2(dx, dy) * 180 / pi, $7 }' \
    "$T/plots.csv" > "$T/polar.csv"
for mode in ekf converted; do
    "$SKYWEAVE" track --plots "$T/polar.csv" --sensors "$T/sensors.yaml" --polar $mode --out "$T/t.csv" \
        || fail "polar $mode"
    set -- $(score "$T/t.csv")
    [ "$1" -eq 5 ] || fail "polar $mode: expected 5 long tracks, got $1"
    awk -v r="$2" 'BEGIN { exit !(r > 5 && r < 80) }' || fail "polar $mode: position rms $2 m"
    echo "polar $mode: 5 tracks, rms $2 m"
done
expect_fail "polar.csv:2:.*sensor 3.*not in the sensors file" "$SKYWEAVE" track --plots "$T/polar.csv" --out "$T/x.csv"

# bad input: file and line in the message, non-zero exit
printf 'time_s,sensor_id,x_m,y_m,sd_x_m\n1,1,0,0,50\n' > "$T/nocol.csv"
expect_fail "nocol.csv.*sd_y_m" "$SKYWEAVE" track --plots "$T/nocol.csv" --out "$T/x.csv"
printf 'time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m\n1,1,0,0,50,50\n2,1,abc,0,50,50\n' > "$T/nonnum.csv"
expect_fail "nonnum.csv:3" "$SKYWEAVE" track --plots "$T/nonnum.csv" --out "$T/x.csv"
printf 'time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m\n' > "$T/header.csv"
expect_fail "header.csv: no plots" "$SKYWEAVE" track --plots "$T/header.csv" --out "$T/x.csv"
: > "$T/empty.csv"
expect_fail "empty.csv" "$SKYWEAVE" track --plots "$T/empty.csv" --out "$T/x.csv"
printf 'time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m\n10,1,0,0,50,50\n5,1,0,0,50,50\n' > "$T/back.csv"
expect_fail "back.csv:3:.*older" "$SKYWEAVE" track --plots "$T/back.csv" --out "$T/x.csv" --reorder 2
expect_fail "no-such.csv" "$SKYWEAVE" track --plots "$T/no-such.csv" --out "$T/x.csv"
expect_fail "unknown option" "$SKYWEAVE" track --plots "$T/plots.csv" --out "$T/x.csv" --bogus 1
expect_fail "is not one of" "$SKYWEAVE" track --plots "$T/plots.csv" --out "$T/x.csv" --filter kalman
expect_fail "required" "$SKYWEAVE" track --plots "$T/plots.csv"
expect_fail "detection probability" "$SKYWEAVE" track --plots "$T/plots.csv" --out "$T/x.csv" --pd 1.5
"$SKYWEAVE" track --help | grep -q -- "--reorder" || fail "--help"
echo ok
