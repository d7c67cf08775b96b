#!/usr/bin/env python3
"""tests/net/net_scenario.py - writes a small coalition scenario for the network tests:
truth.csv (ARCHITECTURE 4) and tracks.csv (a tracks CSV with a `nation` column: each nation's
local tracks, as its tracker would report them: truth + noise, one row per scan).

  net_scenario.py OUTDIR --nations QA,BH,EG --objects 20 --duration 60 [--seed 1] [--scan 2]
                  [--see all|split]

--see split: nation i sees the objects with index % n != i-1 (so every object is seen by n-1
nations, and each nation has objects only it and one other see)."""
import argparse, math, random, os

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--nations", default="QA,BH,EG")
ap.add_argument("--objects", type=int, default=20)
ap.add_argument("--duration", type=float, default=60)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--scan", type=float, default=2.0)
ap.add_argument("--see", default="all")
ap.add_argument("--spread", action="store_true",
                help="spread each nation's updates over the scan, as a rotating antenna does")
ap.add_argument("--no-truth", action="store_true")
a = ap.parse_args()
rnd = random.Random(a.seed)
nations = a.nations.split(",")
os.makedirs(a.out, exist_ok=True)
objs = []
side = 8 if a.objects <= 64 else int(math.ceil(math.sqrt(a.objects)))
step = 25000.0 if a.objects <= 64 else 5000.0
for j in range(a.objects):
    hdg = rnd.uniform(0, 2 * math.pi)
    spd = rnd.uniform(120, 250)
    # spread out so that objects are distinct (several km apart at the start)
    objs.append(((j % side) * step - 90000 + rnd.uniform(-step / 8, step / 8),
                 (j // side) * step - 60000 + rnd.uniform(-step / 8, step / 8),
                 rnd.uniform(3000, 11000), spd * math.cos(hdg), spd * math.sin(hdg)))
sd = {n: 60.0 + 40.0 * i for i, n in enumerate(nations)}
with open(os.path.join(a.out, "truth.csv") if not a.no_truth else os.devnull, "w") as f:
    f.write("time_s,target_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps\n")
    t = 0.0
    while t <= a.duration + 1e-9:
        for j, (x, y, z, vx, vy) in enumerate(objs):
            f.write(f"{t:.3f},{j + 1},{x + vx * t:.1f},{y + vy * t:.1f},{z:.1f},{vx:.2f},{vy:.2f},0\n")
        t += 1.0
with open(os.path.join(a.out, "tracks.csv"), "w") as f:
    f.write("time_s,nation,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,sd_x_m,sd_y_m,sd_z_m,"
            "sd_vx_mps,sd_vy_mps,sd_vz_mps,class\n")
    t = 0.0
    rows = []
    while t <= a.duration + 1e-9:
        for i, n in enumerate(nations):
            for j, (x, y, z, vx, vy) in enumerate(objs):
                if a.see == "split" and j % len(nations) == (i + 1) % len(nations):
                    continue
                # each nation's radars scan at their own phase
                ts = t + 0.1 * i + (a.scan * j / len(objs) if a.spread else 0)
                s = sd[n]
                rows.append((ts, n, 100 * (i + 1) + j,
                             x + vx * ts + rnd.gauss(0, s * 0.5), y + vy * ts + rnd.gauss(0, s * 0.5),
                             z + rnd.gauss(0, s), vx + rnd.gauss(0, 2), vy + rnd.gauss(0, 2),
                             rnd.gauss(0, 1), s))
        t += a.scan
    rows.sort(key=lambda r: r[0])
    for (ts, n, tid, x, y, z, vx, vy, vz, s) in rows:
        f.write(f"{ts:.3f},{n},{tid},{x:.1f},{y:.1f},{z:.1f},{vx:.2f},{vy:.2f},{vz:.2f},"
                f"{s:.1f},{s:.1f},{2 * s:.1f},5,5,5,aircraft\n")
