#!/bin/sh
# skyweave display --replay: a node's picture.csv replayed into the display server; the picture
# it serves (/api/snapshot) has the replayed tracks at the right WGS-84 positions with their
# reporter and class, loses a track whose rows stop, carries the layers; bad files and options are
# refused with file:line or the option's name.  No browser needed (python3 reads the JSON).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is absent"; exit 0; }

# track 7 flies east from 100 km east of the origin; track 8 stops after t = 3
{
    echo "time_s,stn,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,sd_m,reporter,n_sources,nations,class,status"
    for t in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
        x=$((100000 + 200 * t))
        echo "$t.000,7,$x.0,0.0,10000.0,200.00,0.00,0.00,150.0,SA,2,11,1,1"
        [ "$t" -le 3 ] && echo "$t.000,8,0.0,-50000.0,500.0,0.00,30.00,0.00,80.0,QA,1,1,4,1"
    done
} > "$T/picture.csv"
cat > "$T/layers.yaml" <<'EOF'
origin: [25.0, 45.0, 0]
nations:
  - code: QA
    defended_areas:
      - {name: Doha, circle: {center: [25.29, 51.53], radius_km: 30}}
  - code: SA
    sensors:
      - {name: SA-RIYADH-3D, type: 3d, lat_deg: 24.95, lon_deg: 46.70, range_max_m: 450000}
EOF

"$SKYWEAVE" display --replay "$T/picture.csv" --layers "$T/layers.yaml" --speed 2 \
    --timeout 4 --web 127.0.0.1:0 --duration 12 > "$T/out.txt" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm_tmp' EXIT
i=0
while ! grep -q '^display: http' "$T/out.txt"; do
    i=$((i + 1)); [ $i -le 100 ] || { cat "$T/out.txt" >&2; fail "no URL"; }
    sleep 0.1
done
url=$(sed -n 's/^display: \(http[^ ]*\).*/\1/p' "$T/out.txt")

# The picture is polled (bounded) so that the checks hold on a loaded machine too.
python3 - "$url" <<'EOF' || fail "replayed picture"
import json, sys, time, urllib.request
url = sys.argv[1]
def snap():
    return json.loads(urllib.request.urlopen(url + "api/snapshot", timeout=5).read().decode())
def tracks(d):
    ix = {f: i for i, f in enumerate(d["fields"])}
    return ix, {t[ix["stn"]]: t for t in d["tracks"]}
deadline = time.time() + 20
while True:  # 1. both tracks (track 8 has rows up to t = 3, it leaves after t = 7: 3.5 s here)
    a = snap()
    ix, tr = tracks(a)
    if set(tr) == {7, 8}:
        break
    assert time.time() < deadline, "never saw tracks 7 and 8: %s" % list(tr)
    time.sleep(0.2)
t7 = tr[7]
# 100 km east of (25N, 45E) and a few km more: lat just under 25 (the plane is tangent), lon ~46
assert abs(t7[ix["lat"]] - 24.99) < 0.02 and 45.98 < t7[ix["lon"]] < 46.1, t7
assert t7[ix["rep"]] == "SA" and t7[ix["cls"]] == 1 and t7[ix["nsrc"]] == 2, t7
assert abs(t7[ix["gs"]] - 200) <= 2 and 85 < t7[ix["hdg"]] < 95, t7
assert tr[8][ix["cls"]] == 4 and tr[8][ix["aff"]] == "S", tr[8]
assert a["layers"]["areas"][0]["name"] == "Doha" and a["layers"]["radars"][0]["range_m"] == 450000
assert a["self"] == "QA" and a["nations"] == ["QA", "SA"], (a["self"], a["nations"])
assert abs(t7[ix["t"]] - a["t"]) < 5, "track times are on the display's clock"
while True:  # 2. track 8 times out; 7 moves on; the clock runs on
    b = snap()
    ix, tr = tracks(b)
    if set(tr) == {7}:
        break
    assert time.time() < deadline, "track 8 never timed out: %s" % list(tr)
    time.sleep(0.2)
lon0 = t7[ix["lon"]]
assert tr[7][ix["lon"]] > lon0 + 0.002, (lon0, tr[7][ix["lon"]])
assert b["t"] > a["t"] + 1, (a["t"], b["t"])
print("replayed picture ok")
EOF
kill $pid; wait $pid 2>/dev/null || true

# bad input: file:line and column; missing column; options
sed 's/^3.000,7,100600.0/3.000,7,abc/' "$T/picture.csv" > "$T/bad.csv"
expect_fail "bad.csv:" "$SKYWEAVE" display --replay "$T/bad.csv" --web 127.0.0.1:0 --duration 3 --layers "$T/layers.yaml"
grep -q "x_m" "$T/err.txt" || fail "the error names the column: $(cat "$T/err.txt")"
printf 'time_s,stn,x_m\n1,2,3\n' > "$T/short.csv"
expect_fail "no column 'y_m'" "$SKYWEAVE" display --replay "$T/short.csv" --web 127.0.0.1:0
expect_fail "exactly one of" "$SKYWEAVE" display --web 127.0.0.1:0
expect_fail "not a number" "$SKYWEAVE" display --synthetic 10 --speed fast
expect_fail "numeric IPv4" "$SKYWEAVE" display --synthetic 10 --web localhost:80
expect_fail "picture.csv" "$SKYWEAVE" display --synthetic 1 --layers "$T/picture.csv" --web 127.0.0.1:0
"$SKYWEAVE" display --help | grep -q -- "--replay FILE" || fail "--help"
echo ok
