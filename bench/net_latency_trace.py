#!/usr/bin/env python3
"""bench/net_latency_trace.py TRACE.csv [LABEL]: what the latency tail of a node is made of.

Reads the records a node writes with SW_NODE_TRACE=FILE (cli/cli_node_trace.h) and prints, for
the partner updates and the own rows at or above their p99 (and, for comparison, all of them),
the mean time spent in each part: `src` the partner's side (plot-in -> its dds_write), then the
overlap of the rest (write -> fused here) with each phase of this node's loop: inputs, fusion
slice, warn stage, picture, status, tick, flush, wait (blocked in the waitset: DDS transport and
the wake-up), rx (the received batch before this sample)."""
import csv, sys

rows = list(csv.DictReader(open(sys.argv[1])))
label = sys.argv[2] if len(sys.argv) > 2 else sys.argv[1]
parts = ["src", "inputs", "fusion", "warn", "picture", "status", "tick", "flush", "wait", "rx"]
for kind in ("partner", "own"):
    r = [{k: float(v) for k, v in x.items() if k != "kind"} for x in rows if x["kind"] == kind]
    if not r:
        continue
    r.sort(key=lambda x: x["lat_ms"])
    n = len(r)
    p99 = r[int(n * 0.99)]["lat_ms"]
    for name, sel in (("all", r), ("p99+", [x for x in r if x["lat_ms"] >= p99])):
        m = len(sel)
        mean = {p: sum(x[p + "_ms" if p == "src" else p] for x in sel) / m for p in parts}
        lat = sum(x["lat_ms"] for x in sel) / m
        dom = {}
        for x in sel:
            d = max(parts, key=lambda p: x[p + "_ms" if p == "src" else p])
            dom[d] = dom.get(d, 0) + 1
        print(f"trace {label} {kind:7s} {name:4s} n {m:6d} (p99 {p99:.2f} ms) mean {lat:.2f} ms: " +
              ", ".join(f"{p} {mean[p]:.2f}" for p in parts if mean[p] >= 0.005) +
              "; largest part: " + ", ".join(f"{k} {v}" for k, v in sorted(dom.items(), key=lambda kv: -kv[1])))

# long stretches of the loop (a phase >= 2 ms): own work (thread CPU ~ wall) or waiting for a core
try:
    ls = list(csv.DictReader(open(sys.argv[1] + ".long")))
except OSError:
    ls = []
by = {}
for x in ls:
    if x["phase"] == "wait" or float(x["at_s"]) < 8:
        continue  # blocked in the waitset by design; start-up (before the latency warm-up)
    b = by.setdefault(x["phase"], [0, 0.0, 0.0, 0.0, 0.0, 0])
    b[0] += 1; b[1] += float(x["wall_ms"]); b[2] += float(x["cpu_ms"]); b[3] = max(b[3], float(x["wall_ms"]))
    b[4] += float(x.get("write_ms", 0)); b[5] += int(float(x.get("writes", 0)))
print(f"trace {label} stretches >= 2 ms after 8 s (not counting the wait): " + (", ".join(
    f"{k} {v[0]} (wall {v[1]:.0f} ms, of it CPU {v[2]:.0f} ms, DDS writes {v[4]:.0f} ms for {v[5]}, max {v[3]:.1f} ms)" for k, v in sorted(by.items(), key=lambda kv: -kv[1][1])) or "none"))
