#!/bin/sh
# skyweave keys and the node's refusal to run without valid security files.
. "$(dirname "$0")/lib.sh"
K="$T/keys"
"$SKYWEAVE" keys --nations QA,BH,EG --out "$K" --monitor MON > /dev/null || fail "keys"
for f in ca/coalition_ca.pem governance.p7s QA/identity.pem QA/identity.key QA/permissions.p7s \
         QA/audit.sk QA/audit.pk EG/permissions.p7s MON/permissions.p7s; do
    [ -s "$K/$f" ] || fail "missing $f"
done
# the documents verify with the openssl tool the way Cyclone reads them (-text)
openssl smime -verify -text -in "$K/governance.p7s" -CAfile "$K/ca/coalition_ca.pem" -out /dev/null 2>/dev/null \
    || fail "governance does not verify"
openssl smime -verify -text -in "$K/BH/permissions.p7s" -CAfile "$K/ca/coalition_ca.pem" -out "$T/perm.xml" 2>/dev/null \
    || fail "permissions do not verify"
grep -q "<subject_name>CN=node-BH,OU=BH,O=SkyweaveCoalition</subject_name>" "$T/perm.xml" || fail "subject"
openssl verify -CAfile "$K/ca/coalition_ca.pem" "$K/EG/identity.pem" > /dev/null || fail "cert chain"
[ "$(openssl x509 -noout -subject -nameopt RFC2253 -in "$K/QA/identity.pem")" = "subject=CN=node-QA,OU=QA,O=SkyweaveCoalition" ] \
    || fail "certificate subject"
# audit keys: 128 / 64 lower-case hex characters and a newline
[ "$(wc -c < "$K/QA/audit.sk")" -eq 129 ] && [ "$(wc -c < "$K/QA/audit.pk")" -eq 65 ] || fail "audit key sizes"
grep -qx '[0-9a-f]\{128\}' "$K/QA/audit.sk" || fail "audit.sk format"
grep -qx '[0-9a-f]\{64\}' "$K/QA/audit.pk" || fail "audit.pk format"
# libsodium's secret key ends with the public key
[ "$(cut -c65-128 "$K/QA/audit.sk")" = "$(cat "$K/QA/audit.pk")" ] || fail "audit.sk does not hold audit.pk"
[ "$(stat -c %a "$K/QA/identity.key")" = 600 ] || fail "private key mode"
expect_fail "refusing to replace" "$SKYWEAVE" keys --nations QA --out "$K"
expect_fail "not a nation code\|bad entry" "$SKYWEAVE" keys --nations QA,b7 --out "$T/k2"
expect_fail "not A:B" "$SKYWEAVE" keys --nations QA,BH --no-release QA:JO --out "$T/k3"

cat > "$T/QA.yaml" <<CFG
nation: QA
coalition: [QA, BH, EG]
origin: [25.3, 51.5, 0]
security: {dir: keys}
CFG
"$SKYWEAVE" node --config "$T/QA.yaml" --check | grep -q "security files OK" || fail "check"
"$SKYWEAVE" node --config "$T/QA.yaml" --dds-xml > "$T/x.xml" || fail "dds-xml"
grep -q "<IdentityCertificate>file:$K/QA/identity.pem" "$T/x.xml" || fail "xml cert path"
grep -q "<MaxAutoParticipantIndex>31" "$T/x.xml" || fail "xml PI"
# no security section: refused unless --insecure, which is said loudly
sed '/security/d' "$T/QA.yaml" > "$T/nosec.yaml"
expect_fail "no security files" "$SKYWEAVE" node --config "$T/nosec.yaml" --check
"$SKYWEAVE" node --config "$T/nosec.yaml" --insecure --duration 1 --domain 229 > /dev/null 2> "$T/err.txt" \
    || fail "insecure run"
grep -q "RUNNING WITHOUT DDS SECURITY" "$T/err.txt" || fail "insecure is not loud"
# a key that is not the certificate's, a tampered document, another CA: refused with the reason
cp -r "$K" "$T/bad"
cp "$K/BH/identity.key" "$T/bad/QA/identity.key"
sed "s|dir: keys|dir: bad|" "$T/QA.yaml" > "$T/bad.yaml"
expect_fail "does not belong to the certificate" "$SKYWEAVE" node --config "$T/bad.yaml" --check
cp "$K/QA/identity.key" "$T/bad/QA/identity.key"
sed -i 's/QA_to_BH/QA_to_XX/' "$T/bad/QA/permissions.p7s"
expect_fail "does not verify" "$SKYWEAVE" node --config "$T/bad.yaml" --check
"$SKYWEAVE" keys --nations QA,BH,EG --out "$T/rogue" > /dev/null
cp "$T/rogue/QA/"* "$T/bad/QA/"
expect_fail "not valid under" "$SKYWEAVE" node --config "$T/bad.yaml" --check
echo ok
