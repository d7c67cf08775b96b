#!/bin/sh
# skyweave plot: the demo's pictures from files - the picture (tracks over truth on the map, with
# the layers), series (e.g. `skyweave score --series`) and the warning timeline - as PNG of the
# expected size or SVG, and the errors for bad files.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is absent"; exit 0; }

python3 - "$T" <<'EOF'
import math, sys
d = sys.argv[1]
with open(d + "/truth.csv", "w") as t, open(d + "/tracks.csv", "w") as k:
    t.write("time_s,target_id,x_m,y_m,vx_mps,vy_mps\n")
    k.write("time_s,track_id,x_m,y_m,vx_mps,vy_mps,class\n")
    for s in range(0, 600, 4):
        for i, (x0, y0, vx, vy, c) in enumerate([(-9e5, 2e5, 220, -40, "aircraft"),
                                                 (6e5, -3e5, -900, 600, "ballistic")]):
            x, y = x0 + vx * s, y0 + vy * s
            t.write("%d,%d,%.1f,%.1f,%.1f,%.1f\n" % (s, i + 1, x, y, vx, vy))
            k.write("%d,%d,%.1f,%.1f,%.1f,%.1f,%s\n" % (s, 100 + i, x + 50, y - 30, vx, vy, c))
with open(d + "/series.csv", "w") as f:
    f.write("time_s,ospa_m,commonality\n")
    for s in range(0, 600, 5):
        f.write("%d,%.2f,%s\n" % (s, 400 * math.exp(-s / 100.0) + 20, "" if s == 300 else "0.99"))
with open(d + "/timeline.csv", "w") as f:
    f.write("threat,nation,t_launch,t_detect,t_warn,t_ack,t_impact\n")
    f.write("ballistic 1000301,QA,10,30,33,51,430\n")
    f.write("ballistic 1000301,BH,10,30,34,,430\n")
    f.write("cruise 1000417,SA,,120,,,900\n")
EOF
cat > "$T/layers.yaml" <<'EOF'
origin: [25.0, 45.0, 0]
nations:
  - code: QA
    defended_areas:
      - {name: Doha, circle: {center: [25.29, 51.53], radius_km: 30}}
    sensors:
      - {name: QA-SSR, type: ssr, lat_deg: 25.26, lon_deg: 51.6, range_max_m: 400000}
EOF

# png_size FILE: "WIDTHxHEIGHT" from the PNG header
png_size() { python3 -c "import struct,sys; b=open(sys.argv[1],'rb').read(24); assert b[:8]==b'\x89PNG\r\n\x1a\n'; print('%dx%d' % struct.unpack('>II', b[16:24]))" "$1"; }

"$SKYWEAVE" plot picture --tracks "$T/tracks.csv" --truth "$T/truth.csv" --layers "$T/layers.yaml" \
    --title "e2e picture" --out "$T/picture.png" | grep -q "2 tracks over 2 truth paths" || fail "picture"
[ "$(png_size "$T/picture.png")" = 1400x1000 ] || fail "picture size $(png_size "$T/picture.png")"
[ "$(wc -c < "$T/picture.png")" -gt 50000 ] || fail "the picture is nearly empty"

"$SKYWEAVE" plot series --csv "$T/series.csv" --y ospa_m,commonality --title OSPA \
    --out "$T/series.png" | grep -q "2 series, 120 points" || fail "series"
[ "$(png_size "$T/series.png")" = 900x420 ] || fail "series size"

"$SKYWEAVE" plot timeline --csv "$T/timeline.csv" --out "$T/timeline.svg" |
    grep -q "3 threat-nation rows" || fail "timeline"
grep -q "<svg" "$T/timeline.svg" || fail "timeline is not SVG"

# errors: where and what
printf 'time_s,ospa_m\n1,2\n2,x\n' > "$T/bad.csv"
expect_fail "bad.csv:3" "$SKYWEAVE" plot series --csv "$T/bad.csv" --y ospa_m --out "$T/x.png"
expect_fail "gospa" "$SKYWEAVE" plot series --csv "$T/series.csv" --y gospa --out "$T/x.png"
expect_fail ".png or .svg" "$SKYWEAVE" plot series --csv "$T/series.csv" --y ospa_m --out "$T/x.jpg"
expect_fail "--out" "$SKYWEAVE" plot picture --tracks "$T/tracks.csv"
expect_fail "unknown picture" "$SKYWEAVE" plot pie --out "$T/x.png"
[ ! -e "$T/x.png" ] || fail "a failed plot left a file"
echo ok
