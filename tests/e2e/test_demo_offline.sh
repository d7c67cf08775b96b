#!/bin/sh
# `skyweave demo --offline`: the embedded scenario through simulator, tracker and scoring in one
# process; the scorecard must exist, hold the tracking keys, and the figures must be sane.
. "$(dirname "$0")/lib.sh"
"$SKYWEAVE" demo --offline --duration 240 --workdir "$T/run" --quiet > "$T/out.txt" 2>&1 ||
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
assert s["scenario"] == "coalition6" and s["duration_s"] == 240, s
assert 0 < t["ospa_mean"] < 600, t
assert siap["completeness"] > 0.75, siap
assert siap["ambiguity"] < 1.1, siap
assert siap["spuriousness"] < 0.3, siap
assert "warnings" not in s   # not produced offline: left out, never faked
PY
expect_fail "duration must be > 0" "$SKYWEAVE" demo --offline --duration -3
expect_fail "cannot open" "$SKYWEAVE" demo --offline --scenario /nonexistent.yaml --workdir "$T/x"
echo ok
