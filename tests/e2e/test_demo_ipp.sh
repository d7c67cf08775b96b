#!/bin/sh
# Impact-point error on real node output (issue 6, item 7): `skyweave demo` with three node
# processes over secure DDS; Saudi Arabia's 3-D radar sees a ballistic missile launched 330 km
# from Doha, aimed at Doha (Qatar has only a short-range PSR).  Every node writes its impact
# predictions (predictions.csv); the demo's scorecard scores them against the true impact at each
# whole minute before impact, per node.  Asserts: every node wrote predictions with the
# documented header; every node is scored; the error shrinks as the threat descends (1 min <
# 3 min before impact), is well inside the warned area in the last minute (< 1/4 of Doha's 30 km
# radius) with the truth inside the 99 % ellipse; Qatar is warned; the text summary and ipp.png
# are there; `demo --report` scores the same figures again.  About 80 s (scenario at 5x).
. "$(dirname "$0")/lib.sh"
cat > "$T/scen.yaml" <<'EOF'
name: ippdemo
origin: [25.0, 50.0, 0]
start: 2026-03-01T06:00:00Z
duration_s: 340
seed: 11
dim: 3
truth_step_s: 1
nations:
  - code: SA
    defended_areas:
      - {name: Riyadh, circle: {center: [24.71, 46.68], radius_km: 30}}
    sensors:
      - {id: 101, type: 3d, sac: 20, sic: 1, lat_deg: 25.4, lon_deg: 49.6, alt_m: 600, scan_s: 5,
         range_max_m: 600000, sd_range_m: 60, sd_azimuth_deg: 0.15, sd_elevation_deg: 0.2,
         pd: 0.98, range_ref_m: 500000}
  - code: QA
    defended_areas:
      - {name: Doha, circle: {center: [25.29, 51.53], radius_km: 30}}
    sensors:
      - {id: 201, type: psr, sac: 21, sic: 1, lat_deg: 25.9, lon_deg: 51.2, alt_m: 30, scan_s: 4,
         range_max_m: 60000, sd_range_m: 40, sd_azimuth_deg: 0.1}
  - code: BH
    defended_areas:
      - {name: Manama, circle: {center: [26.22, 50.58], radius_km: 20}}
    sensors:
      - {id: 301, type: psr, sac: 22, sic: 1, lat_deg: 26.2, lon_deg: 50.6, alt_m: 30, scan_s: 4,
         range_max_m: 60000, sd_range_m: 40, sd_azimuth_deg: 0.1}
threats:
  - {id: 9101, motion: ballistic, label: BM-Q, launch: [23.6, 48.9], impact: [25.29, 51.53], t_launch: 5, burn_time_s: 50}
EOF
"$SKYWEAVE" demo --scenario "$T/scen.yaml" --speed 5 --no-web --quiet --workdir "$T/run" \
    > "$T/out.txt" 2>&1 || { cat "$T/out.txt"; tail -20 "$T"/run/*.stderr; fail "demo failed"; }
for n in SA QA BH; do
    head -n 1 "$T/run/$n/predictions.csv" | grep -q "^time_s,stn,track_time_s,class,confidence,impact_lat_deg,impact_lon_deg,impact_time_s,impact_time_sd_s,major_m,minor_m,orient_deg,beta_kg_m2,ground_range_m$" ||
        fail "$n: predictions.csv missing or with another header"
    [ "$(wc -l < "$T/run/$n/predictions.csv")" -gt 20 ] || fail "$n: too few predictions"
done
grep -q "impact error" "$T/out.txt" || { cat "$T/out.txt"; fail "no impact error in the summary"; }
grep -q "BM-Q" "$T/out.txt" || fail "no line for BM-Q in the summary"
[ -s "$T/run/ipp.png" ] || fail "no ipp.png"
check() {
    python3 - "$1" <<'PY' || fail "impact-point figures of $1"
import json, sys
s = json.load(open(sys.argv[1]))
w = s["warnings"]
assert w["warned_pairs"] == 1 and w["missed"] == 0 and w["false"] == 0, w
per = {e["node"]: e for e in w["ipp_by_minute"] if e["threat"] == 9101}
assert set(per) == {"SA", "QA", "BH"}, per.keys()
for n, e in per.items():
    err, ins, age = e["error_m"], e["inside_99"], e["age_s"]
    assert len(err) >= 4 and None not in err[:3], (n, e)
    assert err[0] < err[2], ("the error does not shrink as the threat descends", n, err)
    assert err[0] < 7500, ("last-minute error not well inside the 30 km area", n, err)
    assert ins[0] is True, ("truth outside the 99 % ellipse in the last minute", n, e)
    assert 0 <= age[0] < 12, ("the last-minute prediction is stale", n, age)
p = w["pairs"][0]
print("impact error by minute before impact (m): " +
      "; ".join("%s %s" % (n, per[n]["error_m"]) for n in sorted(per)) +
      "; first warning %.1f s after confirmation, %.1f s before impact, lead ratio %.3f" % (
          p["first_warning_after_confirmation_s"], p["first_warning_before_impact_s"],
          p["lead_time_ratio"]))
PY
}
check "$T/run/scorecard.json"
"$SKYWEAVE" demo --report "$T/run" --scenario "$T/scen.yaml" > "$T/rep.txt" 2>&1 ||
    { cat "$T/rep.txt"; fail "demo --report failed"; }
grep -q "impact error" "$T/rep.txt" || fail "no impact error when rescored"
check "$T/run/scorecard.json"
echo ok
