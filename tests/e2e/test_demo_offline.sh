#!/bin/sh
# `skyweave demo --offline`: the embedded scenario through simulator, tracker and scoring in one
# process; the scorecard must exist, hold the tracking keys, and the figures must be what the
# tracker reaches (docs/PERFORMANCE.md, "The coalition scenario"), with a margin: measured at
# 600 s, OSPA 183.7 m, completeness 0.925, ambiguity 1.001, spuriousness 0.056, position
# accuracy 113.8 m (before Mode C was a height measurement: 304.5 m, 0.852, 1.007, 0.182, 135.8 m).
. "$(dirname "$0")/lib.sh"
"$SKYWEAVE" demo --offline --duration 600 --workdir "$T/run" --quiet > "$T/out.txt" 2>&1 ||
    { cat "$T/out.txt"; fail "demo --offline failed"; }
grep -q "OSPA mean" "$T/out.txt" || fail "no summary"
f="$T/run/scorecard.json"
[ -s "$f" ] || fail "no scorecard"
[ -s "$T/run/picture.png" ] || fail "no picture"
[ -s "$T/run/ospa.png" ] || fail "no OSPA chart"
python3 - "$f" <<'PY' || fail "scorecard figures out of bounds"
import json, sys
s = json.load(open(sys.argv[1]))
t = s["tracking"]; siap = t["siap"]
assert s["scenario"] == "coalition6" and s["duration_s"] == 600, s
assert 0 < t["ospa_mean"] < 220, t
assert siap["completeness"] > 0.90, siap
assert siap["ambiguity"] < 1.02, siap
assert siap["spuriousness"] < 0.08, siap
assert siap["position_accuracy_m"] < 130, siap
assert "warnings" not in s   # not produced offline: left out, never faked
PY
expect_fail "duration must be > 0" "$SKYWEAVE" demo --offline --duration -3
expect_fail "cannot open" "$SKYWEAVE" demo --offline --scenario /nonexistent.yaml --workdir "$T/x"
echo ok
