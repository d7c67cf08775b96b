#!/usr/bin/env python3
"""Score the ballistic warnings of a sim -> track -> warn run against the truth (issue 6, first
"how good" line).  Usage: warn_ranges_score.py SIMDIR TRACKS.CSV EVENTS.CSV EPOCH_ISO

For every ballistic threat in SIMDIR/threats.csv and every nation whose defended area holds its
impact point (the threatened pairs):
  first detection  = the first plot of the threat from any radar (plots.csv truth_id);
  first confirmed  = the first row of any track while it follows the threat: a track follows it
                     through a run of at least 5 rows (5 s; fewer when the threat lands) running
                     within 10 km of the truth, interpolated, or within 4 sigma of the row's own
                     position sds.  Per time, as SIAP scores a picture: a track that followed the
                     missile for 30 s before a false plot drew it away was the missile's track
                     for those 30 s, and what it warned then, it warned of the missile;
  first warning    = the first `issued` event for that nation from a track while it follows the
                     threat;
  plots@90         = the threat's plots from any radar up to impact - 0.9 x (impact - first
                     detection), the last moment a warning meets the lead-time rule: with fewer
                     than 3 no track can be confirmed in time (printed, not judged);
and checks: warned within 10 s of the first confirmed track; lead = impact - first warning is at
least 0.9 x (impact - first detection).  Any warning issued to a nation that the threat does not
threaten, or from a track while it follows no threat, is false - unless it was issued while the track was still
in its boost (class `ballistic`, probability below 0.5 is CAP "Possible") and retracted before
impact (or closed when its track was lost): those are counted apart as retracted boost
warnings, never as true ones.
Prints one line per pair and a summary; exits 1 when any check fails."""
import bisect
import csv
import datetime
import math
import sys

simdir, tracks_path, events_path, epoch_s = sys.argv[1:5]
epoch = datetime.datetime.fromisoformat(epoch_s.replace("Z", "+00:00"))


def tsec(iso):
    return (datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")) - epoch).total_seconds()


threats, pairs = {}, {}
for r in csv.DictReader(open(simdir + "/threats.csv")):
    if r["class"] != "ballistic":
        continue
    tid = int(r["target_id"])
    threats[tid] = {"label": r["label"], "launch": float(r["t_start_s"]),
                    "impact": float(r["t_end_s"])}
    if r["nation"]:
        pairs.setdefault(tid, set()).add(r["nation"])

truth = {tid: [] for tid in threats}
for r in csv.DictReader(open(simdir + "/truth.csv")):
    tid = int(r["target_id"])
    if tid in truth:
        truth[tid].append((float(r["time_s"]), float(r["x_m"]), float(r["y_m"]), float(r["z_m"])))


def truth_at(tid, t):
    tr = truth[tid]
    ts = [p[0] for p in tr]
    i = bisect.bisect_left(ts, t)
    if i <= 0 or i >= len(tr):
        return None
    a, b = tr[i - 1], tr[i]
    f = (t - a[0]) / (b[0] - a[0])
    return [a[k] + f * (b[k] - a[k]) for k in (1, 2, 3)]


plot_times = {}
for r in csv.DictReader(open(simdir + "/plots.csv")):
    tid = int(r["truth_id"] or 0)
    if tid in threats:
        plot_times.setdefault(tid, []).append(float(r["time_s"]))
first_plot = {tid: min(ts) for tid, ts in plot_times.items()}


def plots_by(tid, t):
    """the threat's plots from any radar up to time t"""
    return sum(1 for x in plot_times.get(tid, ()) if x <= t)

rows = {}
for r in csv.DictReader(open(tracks_path)):
    rows.setdefault(int(r["track_id"]), []).append(
        (float(r["time_s"]), (float(r["x_m"]), float(r["y_m"]), float(r["z_m"])),
         (float(r["sd_x_m"]), float(r["sd_y_m"]), float(r["sd_z_m"]))))
MIN_RUN = 5


def near(p, x, sd):
    """the row x (sds sd) is on the truth p: within 10 km, or within 4 sigma of its own error
    (a track coasting 30 s between a 10 s radar's plots of a missile drifts 10-20 km, and says so)"""
    return math.dist(p, x) < 10000 or sum(((a - b) / max(c, 1.0)) ** 2
                                          for a, b, c in zip(x, p, sd)) <= 16

follow = {}  # track id -> [(threat id, first row time, last row time)]: runs within 10 km
for trk, rr in rows.items():
    for tid in threats:
        run = []
        for (t, x, sd) in rr + [(None, None, None)]:
            p = truth_at(tid, t) if t is not None else None
            if p and near(p, x, sd):
                run.append(t)
                continue
            # shorter only when the threat lands: a track on its last plots
            if len(run) >= MIN_RUN or (run and run[-1] > truth[tid][-1][0] - 2):
                follow.setdefault(trk, []).append((tid, run[0], run[-1]))
            run = []
first_conf = {}
for trk, runs in follow.items():
    for (tid, a, b) in runs:
        first_conf[tid] = min(first_conf.get(tid, 1e99), a)


def owner(stn, t):
    """the threat that track stn follows at time t (its row at t), or None"""
    return next((tid for (tid, a, b) in follow.get(stn, ()) if a - 0.5 <= t <= b + 0.5), None)


issued, retracted = [], {}
for r in csv.DictReader(open(events_path)):
    if r["event"] == "issued":
        issued.append((tsec(r["time_utc"]), int(r["stn"]), r["threatened"], r["warning_id"],
                       float(r["probability"])))
    elif r["event"] in ("retracted", "closed"):  # closed: its track lost before impact
        retracted.setdefault(r["warning_id"], tsec(r["time_utc"]))

bad, false, boost = [], [], []
for (t, stn, nation, wid, prob) in issued:
    tid = owner(stn, t)
    if tid is not None and nation in pairs.get(tid, ()):
        continue
    if tid is not None and prob < 0.5 and wid in retracted and retracted[wid] < threats[tid]["impact"]:
        boost.append((threats[tid]["label"], nation, t, retracted[wid]))
    else:
        false.append((threats[tid]["label"] if tid else "no threat", stn, nation, t))

print("%-8s %-3s %7s %9s %9s %9s %8s %8s %7s %8s" % ("threat", "to", "launch", "1st plot",
      "1st conf", "1st warn", "impact", "w-conf", "ratio", "plots@90"))
for tid in sorted(threats):
    th = threats[tid]
    for nation in sorted(pairs.get(tid, ())):
        tw = min((t for (t, stn, n, _, _) in issued if n == nation and owner(stn, t) == tid),
                 default=None)
        fd, fc, imp = first_plot.get(tid), first_conf.get(tid), th["impact"]
        if fd is None or fc is None or tw is None or tw >= imp:
            print("%-8s %-3s %7.1f %9s %9s %9s %8.1f   MISSED" % (th["label"], nation, th["launch"],
                  "-" if fd is None else "%.1f" % fd, "-" if fc is None else "%.1f" % fc,
                  "-" if tw is None else "%.1f" % tw, imp))
            bad.append("%s -> %s not warned before impact" % (th["label"], nation))
            continue
        ratio = (imp - tw) / (imp - fd)
        # plots@90: the threat's plots by the last moment a warning meets the 0.9 rule (a track
        # is confirmed on its third plot at the earliest: docs/tracker.md, "Fast-object start")
        by90 = plots_by(tid, imp - 0.9 * (imp - fd))
        print("%-8s %-3s %7.1f %9.1f %9.1f %9.1f %8.1f %8.1f %7.3f %8d" % (th["label"], nation,
              th["launch"], fd, fc, tw, imp, tw - fc, ratio, by90))
        if tw - fc > 10:
            bad.append("%s -> %s warned %.1f s after the first confirmed track (> 10 s)" %
                       (th["label"], nation, tw - fc))
        if ratio < 0.9:
            bad.append("%s -> %s lead time %.1f s = %.3f of (impact - first detection) < 0.9 "
                       "(%d plots of it by the last moment that meets it)" %
                       (th["label"], nation, imp - tw, ratio, by90))
for b in boost:
    print("retracted boost warning: %s -> %s issued %.1f s, retracted %.1f s" % b)
for f in false:
    print("FALSE warning: %s (stn %d) -> %s at %.1f s" % f)
    bad.append("false warning %s (stn %d) -> %s at %.1f s" % f)
print("pairs %d, false %d, retracted boost warnings %d" %
      (sum(len(v) for v in pairs.values()), len(false), len(boost)))
for b in bad:
    print("FAIL: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
