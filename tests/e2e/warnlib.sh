# tests/e2e/warnlib.sh - sourced by the node warning tests (test_node_warn.sh,
# test_node_web_browser.sh) after lib.sh and netlib.sh.  Makes: the scenario (Saudi Arabia's
# radar sees ballistic missiles aimed at Qatar and Bahrain, which have no radar), SA's tracks
# ($T/sa_tracks.csv, from `skyweave sim` + `skyweave track`, shifted by $SHIFT s so the nodes join
# at burn-out), $T/impact_qa.txt (the first impact on Qatar, shifted), the keys (SA releases no
# tracks to QA) and wcfg NATION [EXTRA_YAML] (a node config with every nation's defended areas).
cat > "$T/scen.yaml" <<'EOF'
name: nodewarn
origin: [24.5, 49.5, 0]
start: 2026-03-01T06:00:00Z
duration_s: 150
seed: 7
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
      - {name: Al Khor, priority: 2, circle: {center: [25.68, 51.50], radius_km: 15}}
  - code: BH
    defended_areas:
      - {name: Manama, circle: {center: [26.22, 50.58], radius_km: 20}}
threats:
  - {id: 9101, motion: ballistic, label: BM-1, launch: [22.0, 48.0], impact: [25.29, 51.53], t_launch: 0, burn_time_s: 60}
  - {id: 9102, motion: ballistic, label: BM-2, launch: [28.0, 47.0], impact: [26.22, 50.58], t_launch: 15, burn_time_s: 50}
  - {id: 9103, motion: ballistic, label: BM-3, launch: [23.2, 53.8], impact: [25.68, 51.50], t_launch: 30, burn_time_s: 55}
EOF
"$SKYWEAVE" sim --scenario "$T/scen.yaml" --out "$T/sim" > /dev/null 2>&1 || fail "sim"
"$SKYWEAVE" track --plots "$T/sim/plots.csv" --sensors "$T/sim/sensors.yaml" --out "$T/trk.csv" \
    --max-speed 4000 --imm-ca 2> /dev/null || fail "track"
# The missiles burn out at 50-60 s; the nodes join the flight at scenario time 55 (shift by -55
# s) so the test takes a minute, not seven.  Impact times shift with it.
SHIFT=55
awk -F, -v s=$SHIFT 'NR == 1 { print; next } $1 >= 60 { $1 = sprintf("%.3f", $1 - s); print }' OFS=, \
    "$T/trk.csv" > "$T/sa_tracks.csv"
[ "$(wc -l < "$T/sa_tracks.csv")" -gt 20 ] || fail "too few threat track rows"
awk -F, -v s=$SHIFT 'NR > 1 && $9 == "QA" { t = $5 - s; if (!m || t < m) m = t } END { print m }' \
    "$T/sim/threats.csv" > "$T/impact_qa.txt"

net_keys SA,QA,BH --no-release SA:QA
AREAS='defended_areas:
  - {nation: SA, name: Riyadh, circle: {center: [24.71, 46.68], radius_km: 30}}
  - {nation: QA, name: Doha, circle: {center: [25.29, 51.53], radius_km: 30}}
  - {nation: QA, name: Al Khor, priority: 2, circle: {center: [25.68, 51.50], radius_km: 15}}
  - {nation: BH, name: Manama, circle: {center: [26.22, 50.58], radius_km: 20}}'
wcfg() { # NATION [extra yaml]
    cat > "$T/$1.yaml" <<CFG
nation: $1
coalition: [SA, QA, BH]
origin: [24.5, 49.5, 0]
dds: {domain: $DOM, lease_s: 3}
security: {dir: keys}
warnings: {resend_s: 1}
$AREAS
${2:-}
CFG
}
