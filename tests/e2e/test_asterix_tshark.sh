#!/bin/sh
# tshark 4.0 judges what our encoder writes: every item of every UAP (tests/asterix/asx_fixture),
# and the real samples re-encoded into pcap by `skyweave asterix encode --pcap`.  Zero malformed
# frames, and every field the same value (test_asx_golden compares them).
. "$(dirname "$0")/lib.sh"
need_shared tools/asterix
command -v tshark > /dev/null || { echo "SKIP: tshark is not installed"; exit 0; }
command -v python3 > /dev/null || { echo "SKIP: no python3"; exit 0; }
B="$SW_BUILD_DIR"
GOLDEN="python3 $SW_SHARED_DIR/tools/asterix/astgolden.py"

"$B/tests/asterix/asx_fixture" "$T/fx.pcap" "$T/fx.raw" 8 || fail "asx_fixture"
$GOLDEN "$T/fx.pcap" > "$T/fx.jsonl" 2> /dev/null || fail "tshark on the fixtures"
[ "$(wc -l < "$T/fx.jsonl")" -eq 32 ] || fail "tshark saw $(wc -l < "$T/fx.jsonl") records, not 32"
grep -q '"frame_malformed": true' "$T/fx.jsonl" && fail "tshark found malformed frames in our fixtures"
"$B/tests/asterix/test_asx_golden" "$T/fx.raw" "$T/fx.jsonl" > "$T/cmp.txt" 2>&1 || { cat "$T/cmp.txt"; fail "values differ"; }

# the real capture, decoded and written back as a pcap by us: tshark sees the same records
S="$SW_SHARED_DIR/data/asterix/samples/CroatiaControlLtd_asterix"
"$SKYWEAVE" asterix decode "$S/cat_034_048.pcap" | "$SKYWEAVE" asterix encode --pcap "$T/re.pcap" || fail "re-encode"
$GOLDEN "$T/re.pcap" > "$T/re.jsonl" 2> /dev/null
grep -q '"frame_malformed": true' "$T/re.jsonl" && fail "tshark found malformed frames in our pcap"
[ "$(wc -l < "$T/re.jsonl")" -eq 162 ] || fail "tshark saw $(wc -l < "$T/re.jsonl") records, not 162"
"$B/tests/asterix/test_asx_golden" "$S/extracted/cat_034_048.udp-payloads.ast" "$T/re.jsonl" > "$T/cmp.txt" 2>&1 ||
    { cat "$T/cmp.txt"; fail "values differ"; }
echo ok
