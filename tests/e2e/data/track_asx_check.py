"""Helpers of test_track_asterix.sh (standard library only).

  double IN OUT                 every frame of a pcap twice (the redundant-LAN case)
  send FROM HOST:PORT N FILE    N datagrams with FILE's octets, sent from address FROM
  cat062 TSHARK.tsv TRACKS.csv T0 LAT LON ALT MAX_EXTRA
                                CAT062 decoded by tshark against the tracks CSV: a record per row
                                in the same order, same track numbers, I062/070 = T0 + time_s
                                (mod 1 day, 1/128 s), I062/105 within 3 m of x_m, y_m; at most
                                MAX_EXTRA other records (end-of-track messages)
  summary KEY STDERR            a count from the summary line of skyweave track
"""
import csv
import math
import re
import socket
import struct
import sys


def double(src, dst):
    data = open(src, "rb").read()
    out = [data[:24]]
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        frame = data[off:off + 16 + incl]
        out += [frame, frame]
        off += 16 + incl
    open(dst, "wb").write(b"".join(out))


def send(src, to, n, path):
    host, port = to.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    payload = open(path, "rb").read()
    for _ in range(int(n)):
        s.sendto(payload, (host, int(port)))


def enu(lat0, lon0, h0, lat, lon, h):
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)

    def ecef(la, lo, hh):
        la, lo = math.radians(la), math.radians(lo)
        n = a / math.sqrt(1 - e2 * math.sin(la) ** 2)
        return ((n + hh) * math.cos(la) * math.cos(lo), (n + hh) * math.cos(la) * math.sin(lo),
                (n * (1 - e2) + hh) * math.sin(la))

    x0, y0, z0 = ecef(lat0, lon0, h0)
    x, y, z = ecef(lat, lon, h)
    dx, dy, dz = x - x0, y - y0, z - z0
    la, lo = math.radians(lat0), math.radians(lon0)
    e = -math.sin(lo) * dx + math.cos(lo) * dy
    nn = -math.sin(la) * math.cos(lo) * dx - math.sin(la) * math.sin(lo) * dy + math.cos(la) * dz
    u = math.cos(la) * math.cos(lo) * dx + math.cos(la) * math.sin(lo) * dy + math.sin(la) * dz
    return e, nn, u


def cat062(tsv, tracks, t0, lat0, lon0, alt0, max_extra):
    t0, lat0, lon0, alt0 = float(t0), float(lat0), float(lon0), float(alt0)
    recs = []
    for line in open(tsv):
        f = line.rstrip("\n").split("\t")
        if len(f) < 5 or not f[1]:
            continue
        cols = [c.split("|") for c in f[1:5]]
        if len({len(c) for c in cols}) != 1:
            sys.exit(f"frame {f[0]}: items missing in some records: {f}")
        recs += [(int(n, 16) if n.startswith("0x") else int(n), float(t), float(la), float(lo))
                 for n, t, la, lo in zip(*cols)]
    rows = list(csv.DictReader(open(tracks)))
    worst, extra, j = 0.0, [], 0
    for num, tod, la, lo in recs:
        r = rows[j] if j < len(rows) else None
        want = (t0 + float(r["time_s"])) % 86400 if r else -1
        dt = abs(want - tod)
        if r is None or int(r["track_id"]) != num or min(dt, 86400 - dt) > 1 / 128 + 1e-3:
            extra.append((num, tod))  # a deleted track's last message (TSE): no row
            continue
        # the height that puts the point at the track's z (0 for a 2-D track) in the ENU frame
        z, h = float(r.get("z_m") or 0), 0.0
        for _ in range(4):
            e, n, u = enu(lat0, lon0, alt0, la, lo, h)
            h -= u - z
        d = math.hypot(e - float(r["x_m"]), n - float(r["y_m"]))
        worst = max(worst, d)
        if d > 3.0:
            sys.exit(f"row {j + 2}: I062/105 is {d:.1f} m from the track's position")
        j += 1
    if j != len(rows):
        sys.exit(f"only {j} of {len(rows)} track rows found in order among the CAT062 records "
                 f"(row {j + 2}: {rows[j]})")
    later = {num for num, _ in extra}
    if len(extra) > int(max_extra):
        sys.exit(f"{len(extra)} CAT062 records match no row: {extra[:5]}")
    print(f"{len(rows)} rows = CAT062 records (+{len(extra)} end-of-track messages of tracks "
          f"{sorted(later)}); the largest I062/105 difference is {worst:.2f} m")


def summary(key, path):
    pats = {"datagrams": r"(\d+) datagrams", "denied": r"(\d+) from sources not allowed",
            "duplicates": r"(\d+) duplicates", "plots": r"(\d+) plots,",
            "unknown": r"(\d+) of unknown SAC/SIC", "confirmed": r"confirmed (\d+),",
            "rows": r"(\d+) rows", "refused": r"(\d+) refused"}
    lines = [l for l in open(path) if l.startswith("skyweave track: ") and " rows" in l]
    if not lines:
        sys.exit(f"no summary line in {path}")
    print(re.search(pats[key], lines[-1]).group(1))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"double": double, "send": send, "cat062": cat062, "summary": summary}[cmd](*args)
