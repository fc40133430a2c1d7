#!/usr/bin/python3
# Alternates `hako run` of the 0- and 200-bind bundles; prints median wall time and the median
# step of each --trace phase, and the per-mount difference.
import json, os, statistics, subprocess, sys, time
hako = sys.argv[1]; runs = int(sys.argv[2]); tag = sys.argv[3] if len(sys.argv) > 3 else "x"
root = "/tmp/wt15c/root-" + tag
res = {1: [], 64: []}; steps = {1: {}, 64: {}}
for i in range(runs):
    for n in ([1, 64] if i % 2 == 0 else [64, 1]):
        tr = "/tmp/wt15c/trace-%s.jsonl" % tag
        if os.path.exists(tr): os.unlink(tr)
        t0 = time.perf_counter()
        r = subprocess.run([hako, "--root", root, "--trace", tr, "run", "-b", "/tmp/wt15c/e%d" % n, "wt15c-%s-%d-%d" % (tag, n, i)],
                           stdin=subprocess.DEVNULL, capture_output=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0: sys.exit(r.stderr.decode())
        if i == 0: continue
        res[n].append(dt * 1e3)
        marks = [json.loads(l) for l in open(tr) if l.strip()]
        prev = marks[0]["ns"]
        for m in sorted(marks, key=lambda m: m["ns"]):
            steps[n].setdefault(m["phase"], []).append((m["ns"] - prev) / 1e6); prev = m["ns"]
med = lambda v: statistics.median(v) if v else float("nan")
print("wall: 0 -> %.3f ms, 200 -> %.3f ms, per KiB %.2f us" % (med(res[1]), med(res[64]), (med(res[64]) - med(res[1])) / 63 * 1e3))
for ph in steps[64]:
    a, b = med(steps[1].get(ph, [])), med(steps[64][ph])
    print("%-22s %8.3f %8.3f  %7.2f us/KiB" % (ph, a, b, (b - a) / 63 * 1e3))
