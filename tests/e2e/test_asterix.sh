#!/bin/sh
# skyweave asterix decode | encode on every real sample: octet-exact, faults located, no crash.
. "$(dirname "$0")/lib.sh"
need_shared data/asterix/samples
S="$SW_SHARED_DIR/data/asterix/samples"
C="$S/CroatiaControlLtd_asterix"

# round trip: the input octets (UDP payloads, concatenated, for a pcap) come back exactly
check_rt() { # FILE REFERENCE
    "$SKYWEAVE" asterix decode -q "$1" > "$T/d.jsonl" || true
    "$SKYWEAVE" asterix encode < "$T/d.jsonl" > "$T/o.bin" || fail "encode of $(basename "$1")"
    cmp -s "$T/o.bin" "$2" || fail "decode|encode of $(basename "$1") differs from $(basename "$2")"
}
check_rt "$C/cat_034_048.pcap" "$C/extracted/cat_034_048.udp-payloads.ast"
check_rt "$C/cat_062_065.pcap" "$C/extracted/cat_062_065.udp-payloads.ast"
check_rt "$C/asterix.pcap" "$C/extracted/asterix.udp-payloads.ast"       # CAT062 0.17: faults
check_rt "$S/mokhtarimokhtar_goasterix/sample.pcap" "$S/mokhtarimokhtar_goasterix/sample.ast" # 802.3 LLC
for f in "$C"/*.raw "$C"/*.ast "$C"/parsegps.gps "$S"/hpuhr_jASTERIX/*.bin "$S"/mokhtarimokhtar_goasterix/sample.ast \
         "$S"/albatross-aero_AsterixCodec/*.ast; do
    check_rt "$f" "$f"
done

# the clean captures decode without a fault, record for record
"$SKYWEAVE" asterix decode "$C/cat_034_048.pcap" > "$T/a.jsonl" || fail "cat_034_048.pcap reported faults"
[ "$(grep -c '"cat":48' "$T/a.jsonl")" = 128 ] || fail "cat_034_048.pcap: expected 128 CAT048 records"
[ "$(grep -c '"cat":34' "$T/a.jsonl")" = 34 ] || fail "cat_034_048.pcap: expected 34 CAT034 records"
grep -q '"frame":1,"ts":1462433756.508910,"src":"10.17.58.184:21124","dst":"232.2.1.31:22131"' "$T/a.jsonl" \
    || fail "frame metadata"
grep -q '"I048/040":{"rho_nm":197.68359375,"theta_deg":340.13671875}' "$T/a.jsonl" || fail "I048/040 values"
grep -q '"I048/240":{"ident":"DLH65A  "}' "$T/a.jsonl" || fail "I048/240"

# negative files: a located fault on stderr, exit status 1, never a crash
expect_fail 'block 2 (CAT062), record 1, I062/SP at byte 453: length 224 runs past the end of the block' \
    "$SKYWEAVE" asterix decode "$S/albatross-aero_AsterixCodec/forTest_cat21ed24_cat62ed117withSPF-edited.ast"
expect_fail 'frame 1 (payload byte' "$SKYWEAVE" asterix decode "$C/asterix.pcap"
grep -q 'file byte' "$T/err.txt" || fail "pcap faults must give the file offset"
printf '\060\000\007\001\002' > "$T/short.ast"     # LEN 7, 5 octets
expect_fail 'block 1 (CAT048), block header at byte 0: LEN 7 but only 5 octets left' "$SKYWEAVE" asterix decode "$T/short.ast"
head -c 1000 /dev/urandom > "$T/noise.bin"
rc=0
"$SKYWEAVE" asterix decode "$T/noise.bin" > /dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "random input: exit status $rc"

# encode: errors name the line, the item and the field
printf '{"cat":48,"I048/040":{"rho_nm":300,"theta_deg":1}}\n' > "$T/bad.jsonl"
expect_fail 'stdin:1: I048/040 rho_nm: 300 is outside' sh -c "'$SKYWEAVE' asterix encode < '$T/bad.jsonl'"
printf '{"cat":48,"I048/040":{"rh_nm":3}}\n' > "$T/bad.jsonl"
expect_fail "I048/040 rh_nm: unknown key" sh -c "'$SKYWEAVE' asterix encode < '$T/bad.jsonl'"
printf '{"cat":48,"I048/999":{}}\n' > "$T/bad.jsonl"
expect_fail "'I048/999' is not an item of CAT048 edition 1.31" sh -c "'$SKYWEAVE' asterix encode < '$T/bad.jsonl'"
expect_fail "CAT048 edition 1.21 is not built in (built in: 1.31)" "$SKYWEAVE" asterix decode --edition 48=1.21 "$C/cat048.raw"

# a record written by hand, minimal FSPEC and extents
printf '{"cat":48,"I048/010":{"sac":25,"sic":11},"I048/020":{"typ":2},"I048/040":{"rho_nm":10.5,"theta_deg":90}}\n' \
    | "$SKYWEAVE" asterix encode | od -An -tx1 | tr -d ' \n' > "$T/hex"
[ "$(cat "$T/hex")" = "30000bb0190b400a804000" ] || fail "hand-written record: $(cat "$T/hex")"
echo ok
