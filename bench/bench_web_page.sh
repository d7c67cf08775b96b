#!/bin/sh
# Frame time of the operator page with N tracks (default 2000) each updated every 4 s, in headless
# Chromium (software rendering: --disable-gpu, the pessimistic case), drawing every frame (?bench).
# Usage: bench/bench_web_page.sh BUILD_DIR [TRACKS] [SECONDS]
set -u
B=${1:-build}; N=${2:-2000}; S=${3:-15}
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x /usr/bin/chromium ] || [ ! -d "$top/web/node_modules/playwright-core" ]; then
    echo "bench_web_page: SKIP (needs chromium and web/node_modules: scripts/install-deps)"; exit 0
fi
out=$(mktemp)
"$B/skyweave" display --synthetic "$N" --threats --threat-start 0 --web 127.0.0.1:0 \
    --duration $((S + 40)) > "$out" 2>&1 &
pid=$!
i=0
while ! grep -q '^display: http' "$out"; do
    i=$((i + 1)); [ $i -le 100 ] || { cat "$out"; kill $pid; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^display: \(http[^ ]*\).*/\1/p' "$out" | head -1)
SW_SOURCE_DIR=$top node "$top/tests/e2e/web_browser.mjs" frametime "$url" "$S"
rc=$?
kill $pid 2>/dev/null; wait $pid 2>/dev/null
rm -f "$out"
exit $rc
