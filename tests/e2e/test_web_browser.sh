#!/bin/sh
# The operator page in a real browser (headless Chromium driven by playwright-core): tracks appear
# and move, a track's details open on click, a warning shows with its countdown, the acknowledge
# button reaches the server's callback (the display prints the acknowledgement), and a display
# bound with a token works through its URL.  Screenshot: $SW_BUILD_DIR/test-artefacts/web_display.png.
. "$(dirname "$0")/lib.sh"
SRC=${SW_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "SKIP: $CHROMIUM is absent (scripts/install-deps installs Debian's chromium)"; exit 0
fi
if ! command -v node >/dev/null 2>&1 || [ ! -d "$SRC/web/node_modules/playwright-core" ]; then
    echo "SKIP: node or web/node_modules is absent (run scripts/install-deps: npm ci in web/)"; exit 0
fi
ART=${SW_BUILD_DIR:-$T}/test-artefacts
mkdir -p "$ART"

cat > "$T/layers.yaml" <<'EOF'
origin: [25.0, 45.0, 0]
nations:
  - code: QA
    defended_areas:
      - {name: Doha, priority: 1, circle: {center: [25.29, 51.53], radius_km: 30}}
    sensors:
      - {name: QA-DOHA-SSR, type: ssr, lat_deg: 25.26, lon_deg: 51.60, range_max_m: 400000}
  - code: BH
    defended_areas:
      - {name: Sitra, polygon: [[26.17, 50.60], [26.17, 50.68], [26.10, 50.68], [26.10, 50.60]]}
    sensors:
      - {name: BH-MANAMA-3D, type: 3d, lat_deg: 26.20, lon_deg: 50.55, range_max_m: 350000}
  - code: SA
    defended_areas:
      - {name: Riyadh, circle: {center: [24.71, 46.68], radius_km: 50}}
EOF

pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm_tmp; }
trap cleanup EXIT

# start_display OUT ARGS...: starts a display, waits for its URL line (bounded), prints the URL
start_display() {
    out=$1; shift
    "$SKYWEAVE" display --synthetic 300 --layers "$T/layers.yaml" --web 127.0.0.1:0 \
        --duration 150 "$@" > "$out" 2>&1 &
    pids="$pids $!"
    i=0
    while ! grep -q '^display: http' "$out"; do
        i=$((i + 1)); [ $i -le 100 ] || { cat "$out" >&2; fail "no URL from skyweave display"; }
        sleep 0.1
    done
    sed -n 's/^display: \(http[^ ]*\).*/\1/p' "$out" | head -1
}

url=$(start_display "$T/display.out" --threats --threat-start 0 --nation QA)
turl=$(start_display "$T/token.out" --token e2e-token-123)
case "$turl" in *"?token=e2e-token-123") ;; *) fail "token URL: $turl" ;; esac

node "$SRC/tests/e2e/web_browser.mjs" e2e "$url" "$ART" "$turl" || { cat "$T/display.out" >&2; fail "browser checks"; }
# the acknowledgement reached the server's callback (the display's acknowledge path)
grep -q "^ack: warning [0-9]* (QA Doha) acknowledged by 'e2e-operator'" "$T/display.out" ||
    { cat "$T/display.out" >&2; fail "the acknowledgement did not reach the server"; }
[ -s "$ART/web_display.png" ] || fail "no screenshot"
echo ok
