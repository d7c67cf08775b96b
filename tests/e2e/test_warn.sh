#!/bin/sh
# skyweave warn + skyweave audit: a ballistic missile recorded as a system-tracks CSV is warned
# for the nation it falls on (and only that one), every CAP alert validates against the OASIS
# schema, the signed audit log (keys made by OpenSSL, as another implementation would) verifies,
# and a tampered copy is refused naming the bad entry.
. "$(dirname "$0")/lib.sh"

# Ed25519 audit keys in skyweave's format from OpenSSL: audit.sk = seed || public key (hex).
mkkey() {
    mkdir -p "$T/keys/$1"
    openssl genpkey -algorithm ed25519 -out "$T/k.pem" 2>/dev/null
    seed=$(openssl pkey -in "$T/k.pem" -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    pub=$(openssl pkey -in "$T/k.pem" -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    printf '%s%s\n' "$seed" "$pub" > "$T/keys/$1/audit.sk"
    printf '%s\n' "$pub" > "$T/keys/$1/audit.pk"
}
mkkey JO

# A missile integrated here (spherical gravity + Earth rotation, 2 s steps) from 600 km away,
# tracked from 40 s after burn-out; the defended area is a 25 km circle round its impact point.
python3 - "$T" <<'EOF'
import math, sys
T = sys.argv[1]
a, f = 6378137.0, 1 / 298.257223563
e2 = f * (2 - f)
def lla2ecef(lat, lon, h):
    lat, lon = math.radians(lat), math.radians(lon)
    n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return [(n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
            (n * (1 - e2) + h) * math.sin(lat)]
def ecef2lla(p):
    lon = math.atan2(p[1], p[0]); r = math.hypot(p[0], p[1]); lat = math.atan2(p[2], r * (1 - e2))
    for _ in range(8):
        n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2); h = r / math.cos(lat) - n
        lat = math.atan2(p[2], r * (1 - e2 * n / (n + h)))
    return math.degrees(lat), math.degrees(lon), h
def rot(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return [[-math.sin(lo), math.cos(lo), 0],
            [-math.sin(la) * math.cos(lo), -math.sin(la) * math.sin(lo), math.cos(la)],
            [math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)]]
def mv(R, v): return [sum(R[i][k] * v[k] for k in range(3)) for i in range(3)]
def mtv(R, v): return [sum(R[k][i] * v[k] for k in range(3)) for i in range(3)]
GM, W = 3.986004418e14, 7.292115e-5
def acc(p, v):
    r3 = math.sqrt(sum(x * x for x in p)) ** 3
    g = [-GM * x / r3 for x in p]
    return [g[0] + 2 * W * v[1] + W * W * p[0], g[1] - 2 * W * v[0] + W * W * p[1], g[2]]
olat, olon = 26.0, 48.0
o = lla2ecef(olat, olon, 0); R = rot(olat, olon)
lat0, lon0 = 27.5, 46.0
p = lla2ecef(lat0, lon0, 35000.0)
Rl = rot(lat0, lon0); az, gam, spd = math.radians(125), math.radians(42), 2050.0
v = mtv(Rl, [spd * math.cos(gam) * math.sin(az), spd * math.cos(gam) * math.cos(az), spd * math.sin(gam)])
dt, t, rows = 0.05, 0.0, []
while True:
    if abs(t - round(t / 2) * 2) < 1e-6 and t >= 40:
        e = mv(R, [p[i] - o[i] for i in range(3)]); ve = mv(R, v)
        rows.append("%.1f,7,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f" % (t, *e, *ve))
    k1p, k1v = v, acc(p, v)
    k2p = [v[i] + 0.5 * dt * k1v[i] for i in range(3)]; k2v = acc([p[i] + 0.5 * dt * k1p[i] for i in range(3)], k2p)
    k3p = [v[i] + 0.5 * dt * k2v[i] for i in range(3)]; k3v = acc([p[i] + 0.5 * dt * k2p[i] for i in range(3)], k3p)
    k4p = [v[i] + dt * k3v[i] for i in range(3)]; k4v = acc([p[i] + dt * k3p[i] for i in range(3)], k4p)
    p = [p[i] + dt / 6 * (k1p[i] + 2 * k2p[i] + 2 * k3p[i] + k4p[i]) for i in range(3)]
    v = [v[i] + dt / 6 * (k1v[i] + 2 * k2v[i] + 2 * k3v[i] + k4v[i]) for i in range(3)]
    t = round(t + dt, 6)
    if ecef2lla(p)[2] < 0: break
ilat, ilon, _ = ecef2lla(p)
open(T + "/tracks.csv", "w").write("time_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps\n" + "\n".join(rows) + "\n")
open(T + "/areas.yaml", "w").write(
    "origin: [%.3f, %.3f, 0]\ndefended_areas:\n"
    "  - {nation: QA, name: Target City, priority: 1, circle: {center: [%.5f, %.5f], radius_km: 25}}\n"
    "  - {nation: BH, name: Elsewhere, circle: {center: [%.5f, %.5f], radius_km: 25}}\n"
    % (olat, olon, ilat, ilon, ilat + 1.5, ilon))
open(T + "/impact.txt", "w").write("%.1f\n" % t)
EOF

"$SKYWEAVE" warn --tracks "$T/tracks.csv" --areas "$T/areas.yaml" --nation JO \
    --cap-dir "$T/cap" --audit "$T/audit.jsonl" --keys "$T/keys" --out "$T/events.csv" \
    2> "$T/warn.err" || { cat "$T/warn.err" >&2; fail "skyweave warn"; }
grep -q "warnings issued" "$T/warn.err" || fail "no summary"
# issued for QA's area at the first confirmed update (t = 40 s: 2026-01-01T00:00:40), never BH
grep -q '^2026-01-01T00:00:40.000Z,issued,[0-9a-f]*,7,QA,"Target City",JO,1,issue,ballistic' \
    "$T/events.csv" || { cat "$T/events.csv" >&2; fail "no warning at the first update"; }
grep -q ',BH,' "$T/events.csv" && fail "Bahrain was warned"
grep -q ',closed,' "$T/events.csv" || fail "the warning was not closed after impact"
n_upd=$(grep -c ',updated,' "$T/events.csv")
[ "$n_upd" -ge 2 ] || fail "expected updates as the ellipse shrinks, got $n_upd"

# CAP alerts: one per message, valid CAP 1.2
n_cap=$(ls "$T/cap" | grep -c '\.xml$')
n_msg=$(grep -c ',\(issued\|updated\|retracted\|closed\),' "$T/events.csv")
[ "$n_cap" -eq "$n_msg" ] || fail "$n_cap CAP alerts for $n_msg messages"
if [ -f "${SW_SHARED_DIR:-}/data/cap/CAP-v1.2.xsd" ] && command -v xmllint >/dev/null; then
    xmllint --noout --schema "$SW_SHARED_DIR/data/cap/CAP-v1.2.xsd" "$T"/cap/*.xml 2> "$T/xl.err" \
        || { cat "$T/xl.err" >&2; fail "CAP alerts do not validate"; }
else
    echo "SKIP: CAP schema validation (no ${SW_SHARED_DIR:-../shared}/data/cap or xmllint)"
fi
grep -l '<msgType>Cancel</msgType>' "$T"/cap/*.xml > /dev/null || fail "no Cancel alert"

# the audit log: valid with the key files and with the public key; shown readably
"$SKYWEAVE" audit verify "$T/audit.jsonl" --keys "$T/keys" > "$T/v.out" || fail "audit verify"
grep -q "valid: .* entries by JO, sealed" "$T/v.out" || fail "verify summary"
"$SKYWEAVE" audit verify "$T/audit.jsonl" --pubkey "$(cat "$T/keys/JO/audit.pk")" > /dev/null \
    || fail "verify --pubkey"
"$SKYWEAVE" audit show "$T/audit.jsonl" > "$T/show.out"
grep -q "issued .* stn 7 QA/Target City issue rev 1 by JO ballistic" "$T/show.out" || fail "show"
grep -q "^-- .* chain and signatures intact" "$T/show.out" || fail "show summary"

# tampering: a changed probability in entry 1, and a removed entry, are refused by name
sed '2s/"stn":7,/"stn":8,/' "$T/audit.jsonl" > "$T/t1.jsonl"
cmp -s "$T/audit.jsonl" "$T/t1.jsonl" && fail "the tamper did not change anything"
expect_fail "entry 1 (line 2, byte" "$SKYWEAVE" audit verify "$T/t1.jsonl" --keys "$T/keys"
expect_fail "hash does not match" "$SKYWEAVE" audit verify "$T/t1.jsonl" --keys "$T/keys"
sed '3d' "$T/audit.jsonl" > "$T/t2.jsonl"
expect_fail "entry 2 .*seq is 3 where 2 was due" "$SKYWEAVE" audit verify "$T/t2.jsonl"
head -n 4 "$T/audit.jsonl" > "$T/t3.jsonl"
expect_fail "not sealed" "$SKYWEAVE" audit verify "$T/t3.jsonl" --keys "$T/keys"
"$SKYWEAVE" audit verify "$T/t3.jsonl" --keys "$T/keys" --open > /dev/null || fail "--open"
# another nation's key is not this log's
mkkey SA
expect_fail "another key" "$SKYWEAVE" audit verify "$T/audit.jsonl" --pubkey "$(cat "$T/keys/SA/audit.pk")"
# bad input is an error with its place
printf 'time_s,track_id,x_m,y_m,vx_mps,vy_mps\n0,1,abc,0,0,0\n' > "$T/bad.csv"
expect_fail "bad.csv:2" "$SKYWEAVE" warn --tracks "$T/bad.csv" --areas "$T/areas.yaml" --nation JO
expect_fail "usage" "$SKYWEAVE" audit verify
echo ok
