#!/bin/sh
# A node's own display in a real browser (headless Chromium, playwright-core): Qatar's node, which
# sees no track of the threat (Saudi Arabia releases none to it), shows the warning that came over
# DDS with its countdown; an operator acknowledges it on the page; the acknowledgement goes
# page -> QA's node -> signed ack over DDS -> SA's node, whose audit log records it with the
# operator's name.  Screenshot: $SW_BUILD_DIR/test-artefacts/web_node.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netlib.sh"
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
. "$(dirname "$0")/warnlib.sh"
wcfg SA "inputs: [{type: tracks_csv, path: sa_tracks.csv, timeout_s: 12}]
releasability: {QA: none}"
wcfg QA
wcfg BH
set_epoch 4
node_start SA --duration 50
node_start QA --duration 50 --web 127.0.0.1:0
node_start BH --duration 50
i=0
while ! grep -q '^web QA http' "$T/QA.out"; do
    i=$((i + 1)); [ $i -le 300 ] || { cat "$T/QA.out" "$T/QA.err" >&2; fail "no URL from QA's node"; }
    sleep 0.1
done
url=$(sed -n 's/^web QA \(http[^ ]*\).*/\1/p' "$T/QA.out" | head -1)
node "$SRC/tests/e2e/web_browser.mjs" node "$url" "$ART" > "$T/browser.out" 2>&1 ||
    { cat "$T/browser.out" >&2; fail "browser checks"; }
cat "$T/browser.out"
wid=$(sed -n 's/^acknowledged \([0-9]*\)$/\1/p' "$T/browser.out")
hex=$(printf '%016x' "$wid")
for n in SA QA BH; do eval "wait \$PID_$n" || fail "node $n exited with an error: $(cat "$T/$n.err")"; done
grep -q "^ack QA warning $hex by 'e2e-operator'" "$T/QA.out" || fail "QA's node did not take the acknowledgement"
for n in SA QA; do
    "$SKYWEAVE" audit verify "$T/w$n/audit.jsonl" --keys "$T/keys" > /dev/null || fail "$n audit log"
done
grep "\"event\":\"operator_ack\"" "$T/wQA/audit.jsonl" | grep "\"warning\":\"$hex\"" |
    grep -q '"operator":"e2e-operator"' || fail "QA's audit log lacks the operator's acknowledgement"
grep "\"event\":\"acknowledged\"" "$T/wSA/audit.jsonl" | grep "\"warning\":\"$hex\"" |
    grep '"ack_by":"QA"' | grep -q '"operator":"e2e-operator"' ||
    fail "SA's audit log lacks QA's operator acknowledgement of $hex"
[ -s "$ART/web_node.png" ] || fail "no screenshot"
echo ok
