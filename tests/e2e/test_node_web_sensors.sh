#!/bin/sh
# A node's own radars on its display: QA's node of node3 (a 3-D radar and an ADS-B station, fed
# by `skyweave sim --udp-nation` at twice real time) streams its radar in the status
# (/api/snapshot status.sensors): health "ok" as ingest judges it from CAT034, the measured 2 s
# scan, its plots, the age of its last message, and its registration estimate once it is paired
# with ADS-B; the ADS-B station is not a radar row.  In a real browser (when Chromium is there)
# the Sensors panel shows the row and the map rings the radar's marker by its health.
# Screenshot: $SW_BUILD_DIR/test-artefacts/web_sensors.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
SRC=${SW_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SCN="$SRC/tests/e2e/data/node3.yaml"
SPEED=2
PORT=$(( 24000 + ($$ % 400) * 3 ))
"$SKYWEAVE" node --make-configs "$SCN" --out "$T/cfg" --base-port "$PORT" --insecure \
    --domain "$DOM" > "$T/make.out" || fail "--make-configs"
cp "$T/cfg/QA.yaml" "$T/QA.yaml"
set_epoch 3
node_start QA --insecure --speed "$SPEED" --duration 60 --web 127.0.0.1:0
"$SKYWEAVE" sim --scenario "$SCN" --out "$T/sim" --duration 40 --epoch "$EPOCH" --no-pcap \
    --speed "$SPEED" --udp-nation "QA=127.0.0.1:$PORT" 2> "$T/sim.err" &
NODE_PIDS="$NODE_PIDS $!" # net_cleanup ends the simulator too
i=0
while ! grep -q '^web QA http' "$T/QA.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -le 300 ] || { cat "$T/QA.out" "$T/QA.err" >&2; fail "no URL from QA's node"; }
    sleep 0.1
done
url=$(sed -n 's/^web QA \(http[^ ]*\).*/\1/p' "$T/QA.out" | head -1)
echo "display $url"

# the status the node streams, polled (bounded) until the radar turns and has ADS-B pairs
python3 - "$url" <<'PY' || { cat "$T/QA.err" >&2; fail "status.sensors"; }
import json, sys, time, urllib.parse, urllib.request
snap = urllib.parse.urljoin(sys.argv[1], "api/snapshot")
deadline, xs = time.time() + 30, []
while True:
    st = json.load(urllib.request.urlopen(snap, timeout=5)).get("status") or {}
    xs = st.get("sensors", [])
    r = next((x for x in xs if x["name"] == "QA-R1"), None)
    if r and r["health"] == "ok" and r["reg"] and r["reg"]["pairs"] >= 3:
        break
    if time.time() > deadline:
        sys.exit("FAIL: no healthy, registered QA-R1 in status.sensors: %s" % xs)
    time.sleep(0.5)
print("sensor", json.dumps(r))
assert [x["name"] for x in xs] == ["QA-R1"], xs          # its one radar; ADS-B is no radar row
assert (r["sac"], r["sic"]) == (1, 1), r
assert abs(r["scan_s"] - 2.0) < 0.05, r                  # measured between north markers
assert r["plots"] > 0 and r["nogo"] is False and r["overload"] is False, r
assert r["age_s"] is not None and 0 <= r["age_s"] < 4, r # the radar's messages keep coming
g = r["reg"]
assert g["applied"] == (g["pairs"] >= 99.5) and g["too_big"] is False, g
assert g["el_deg"] is not None and g["range_m"] is not None, g  # a 3-D radar: all three angles
PY

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && command -v node >/dev/null 2>&1 &&
    [ -d "$SRC/web/node_modules/playwright-core" ]; then
    ART=${SW_BUILD_DIR:-$T}/test-artefacts
    mkdir -p "$ART"
    node "$SRC/tests/e2e/web_browser.mjs" sensors "$url" "$ART" > "$T/browser.out" 2>&1 ||
        { cat "$T/browser.out" >&2; fail "browser checks"; }
    cat "$T/browser.out"
    [ -s "$ART/web_sensors.png" ] || fail "no screenshot"
else
    echo "# no browser check: Chromium, node or web/node_modules is absent (scripts/install-deps)"
fi
node_stop QA
echo ok
