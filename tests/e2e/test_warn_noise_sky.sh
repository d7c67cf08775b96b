#!/bin/sh
# Issue 6, "zero warnings for civil traffic over a simulated 10 hours of a busy sky", through the
# real chain and with the radars' thermal noise: the acceptance scenario's radars
# (scenarios/warn-ranges.yaml: three long-range 3-D radars, one a 2 s phased array, and a
# secondary radar), their clutter and their noise false alarms at every elevation
# (`noise_per_scan`: hundreds of km up, where the tracker's fast-object start looks for
# missiles), and 10 simulated hours of airliners between the region's airports, every one of
# which lies in a defended area - no threat.  `skyweave sim` -> `skyweave track --imm-ballistic`
# (the missile IMM, 4000 m/s gates) -> `skyweave warn` must issue nothing.  Prints the number of
# high false plots, of tracks that ever flew faster than 1000 m/s, and of tracks the engine held.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
SCN="$HERE/../../scenarios/warn-ranges.yaml"
HOURS=${SW_NOISE_HOURS:-10}

# the scenario without its threats, 10 hours long, with airliners all through
python3 - "$SCN" "$HOURS" > "$T/sky.yaml" <<'PY'
import re, sys
text, hours = open(sys.argv[1]).read(), float(sys.argv[2])
text = re.sub(r"\nthreats:\n(  - .*\n(     .*\n)*)+", "\n", text)
text = re.sub(r"duration_s: \d+", "duration_s: %d" % (hours * 3600), text)
text = re.sub(r"\{generator: airliners, count: \d+, t_start: \[[-\d, ]+\]",
              "{generator: airliners, count: %d, t_start: [-3600, %d]" % (hours * 60, hours * 3600),
              text)
print(text)
PY
grep -q "^threats:" "$T/sky.yaml" && fail "the threats are still in the scenario"
grep -q "count: $((HOURS * 60)), t_start: \[-3600, $((HOURS * 3600))\]" "$T/sky.yaml" ||
    fail "the scenario's airliners are not where this test expects them"
[ "$(grep -c "noise_per_scan: [1-9]" "$T/sky.yaml")" -ge 3 ] ||
    fail "the scenario's 3-D radars lost their noise false alarms"
# the defended areas, as in test_warn_ranges.sh
python3 "$HERE/data/scenario_areas.py" "$SCN" > "$T/areas.yaml"

warn_chain "$T/sky.yaml" "$T" "$T/areas.yaml"

python3 - "$T/sim/plots.csv" "$T/tracks.csv" "$T/events.csv" "$HOURS" <<'PY' || fail "figures above"
import csv, math, sys
plots, tracks, events, hours = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
high = n = 0
for r in csv.DictReader(open(plots)):
    n += 1
    if r["truth_id"] in ("", "0") and float(r["z_m"]) > 30000:
        high += 1
fast, held = set(), set()
for r in csv.DictReader(open(tracks)):
    held.add(r["track_id"])
    if math.hypot(float(r["vx_mps"]), float(r["vy_mps"]), float(r["vz_mps"])) > 1000:
        fast.add(r["track_id"])
issued = [r for r in csv.DictReader(open(events)) if r["event"] == "issued"]
print("%.0f h: %d plots, %d false plots more than 30 km up (%.1f per minute); %d tracks, "
      "%d of them ever faster than 1000 m/s; %d warnings issued" %
      (hours, n, high, high / (hours * 60), len(held), len(fast), len(issued)))
for r in issued[:10]:
    print("  issued: stn %s -> %s (%s) at %s, class %s, p %s" % (r["stn"], r["threatened"],
          r["area"], r["time_utc"], r["class"], r["probability"]))
ok = True
if high < hours * 60:
    print("too few high false plots: the noise is not there"); ok = False
if issued:
    print("warnings issued in a sky without a threat"); ok = False
sys.exit(0 if ok else 1)
PY
echo "PASS: warn_noise_sky"
