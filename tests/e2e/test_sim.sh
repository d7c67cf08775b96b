#!/bin/sh
# skyweave sim: the example scenarios run, outputs have the §4 columns, runs are reproducible by
# seed, and a bad scenario file is reported with file and line.
. "$(dirname "$0")/lib.sh"
S=$SW_SOURCE_DIR/scenarios

"$SKYWEAVE" sim --scenario "$S/two-crossing.yaml" --out "$T/a" --quiet
head -1 "$T/a/plots.csv" | grep -q "^time_s,sensor_id,range_m,azimuth_deg" || fail "polar plots header"
head -1 "$T/a/truth.csv" | grep -q "^time_s,target_id,x_m,y_m,vx_mps,vy_mps" || fail "truth header"
grep -q "^sensors:" "$T/a/sensors.yaml" || fail "sensors.yaml"
# 2 targets x 100 scans x Pd 0.9 + 5 clutter per scan: about 680 plots
n=$(($(wc -l < "$T/a/plots.csv") - 1))
[ "$n" -gt 550 ] && [ "$n" -lt 820 ] || fail "two-crossing: $n plots"
# plot times are in order and inside the run
awk -F, 'NR>1 { if ($1 < last || $1 >= 400) exit 1; last = $1 }' "$T/a/plots.csv" || fail "plot times"

# same seed, same bytes; another seed, other plots
"$SKYWEAVE" sim --scenario "$S/two-crossing.yaml" --out "$T/b" --quiet
cmp -s "$T/a/plots.csv" "$T/b/plots.csv" || fail "not reproducible"
"$SKYWEAVE" sim --scenario "$S/two-crossing.yaml" --out "$T/c" --seed 99 --quiet
cmp -s "$T/a/plots.csv" "$T/c/plots.csv" && fail "--seed has no effect"
cmp -s "$T/a/truth.csv" "$T/c/truth.csv" || fail "truth depends on the sensor seed"

# --duration past the scenario's own end keeps running
"$SKYWEAVE" sim --scenario "$S/two-crossing.yaml" --out "$T/long" --duration 600 --quiet
awk -F, 'NR>1 && $1 > 590 { found = 1 } END { exit !found }' "$T/long/plots.csv" || fail "--duration 600"

# every shipped scenario loads (the recorded one needs ../shared)
for f in "$S"/*.yaml; do
    case "$f" in *swiss-replay*) [ -d "${SW_SHARED_DIR:-}/data/traffic" ] || continue ;; esac
    "$SKYWEAVE" sim --scenario "$f" --out "$T/all" --duration 5 --no-pcap --quiet || fail "$f"
done

# hundred-2d: Cartesian plots, 100 targets
"$SKYWEAVE" sim --scenario "$S/hundred-2d.yaml" --out "$T/h" --duration 40 --quiet
head -1 "$T/h/plots.csv" | grep -q "^time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m" || fail "cart header"
ids=$(awk -F, 'NR>1 && $1 == 0 { print $2 }' "$T/h/truth.csv" | sort -u | wc -l)
[ "$ids" -eq 100 ] || fail "hundred-2d has $ids targets"

# errors name the file and the line
cat > "$T/bad.yaml" <<'YAML'
dim: 2
sensors:
  - id: 1
    type: psr
    x_m: 0
    y_m: 0
    scan_s: fast
YAML
expect_fail "bad.yaml:7" "$SKYWEAVE" sim --scenario "$T/bad.yaml" --out "$T/x"
cat > "$T/bad2.yaml" <<'YAML'
dim: 2
targets:
  - position: [0, 0]
    speed_mps: 100
    heading_deg: 0
    motion: teleport
YAML
expect_fail "bad2.yaml:6" "$SKYWEAVE" sim --scenario "$T/bad2.yaml" --out "$T/x"
# the embedded default: six nations' sensors, threats with class labels
"$SKYWEAVE" sim --out "$T/d" --duration 400 --quiet
grep -q "nation: QA" "$T/d/sensors.yaml" || fail "default sensors"
for c in aircraft ballistic cruise drone; do
    grep -q ",$c\$" "$T/d/truth.csv" || fail "default truth lacks class $c"
done
head -1 "$T/d/truth.csv" | grep -q "z_m" || fail "default truth is not 3-D"
# threats.csv: the ballistic salvo threatens at least two nations
n=$(awk -F, '$2 == "ballistic" && $9 != "" { print $9 }' "$T/d/threats.csv" | sort -u | wc -l)
[ "$n" -ge 2 ] || fail "ballistic threats reach $n nations"
# one nation's sensors only
"$SKYWEAVE" sim --out "$T/q" --duration 60 --nation QA --quiet
awk -F, 'NR>1 { print $2 }' "$T/q/plots.csv" | sort -u | tr '\n' ' ' | grep -qx "257 258 259 260 " || fail "--nation QA"

# the scale scenario: 10,000 objects, 100 sensors
"$SKYWEAVE" sim --scenario "$S/national-10k.yaml" --out "$T/n" --duration 10 --quiet
[ "$(awk -F, 'NR>1 && $1 == 0' "$T/n/truth.csv" | wc -l)" -eq 10000 ] || fail "national-10k objects"
[ "$(grep -c "^  - id:" "$T/n/sensors.yaml")" -eq 100 ] || fail "national-10k sensors"

# real recorded traffic (needs ../shared)
if [ -d "${SW_SHARED_DIR:-}/data/traffic" ]; then
    "$SKYWEAVE" sim --scenario "$S/swiss-replay.yaml" --out "$T/r" --duration 120 --quiet
    n=$(awk -F, 'NR>1 && $1 == 60' "$T/r/truth.csv" | wc -l)
    [ "$n" -gt 20 ] || fail "swiss-replay: $n aircraft at t=60"
else
    echo "SKIP: recorded traffic (no SW_SHARED_DIR/data/traffic)"
fi
# the complete example of docs/scenarios.md is a valid scenario
if [ -d "${SW_SHARED_DIR:-}/data/traffic" ]; then
    awk '/^```yaml/ { f = 1; next } /^```/ { if (f) exit } f' "$SW_SOURCE_DIR/docs/scenarios.md" > "$T/example.yaml"
    "$SKYWEAVE" sim --scenario "$T/example.yaml" --out "$T/ex" --duration 30 --quiet || fail "docs example"
fi
expect_fail "out DIR is required" "$SKYWEAVE" sim --scenario "$S/two-crossing.yaml"
echo ok
