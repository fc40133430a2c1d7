#!/usr/bin/python3
# Alternates `hako run` of the 0- and 200-bind bundles; prints median wall time and the median
# step of each --trace phase, and the per-mount difference.
import json, os, statistics, subprocess, sys, time
hako = sys.argv[1]; runs = int(sys.argv[2]); tag = sys.argv[3] if len(sys.argv) > 3 else "x"
root = "/tmp/wt15/root-" + tag
res = {0: [], 200: []}; steps = {0: {}, 200: {}}
for i in range(runs):
    for n in ([0, 200] if i % 2 == 0 else [200, 0]):
        tr = "/tmp/wt15/trace-%s.jsonl" % tag
        if os.path.exists(tr): os.unlink(tr)
        t0 = time.perf_counter()
        r = subprocess.run([hako, "--root", root, "--trace", tr, "run", "-b", "/tmp/wt15/b%d" % n, "wt15-%s-%d-%d" % (tag, n, i)],
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
print("wall: 0 -> %.3f ms, 200 -> %.3f ms, per mount %.2f us" % (med(res[0]), med(res[200]), (med(res[200]) - med(res[0])) / 200 * 1e3))
for ph in steps[200]:
    a, b = med(steps[0].get(ph, [])), med(steps[200][ph])
    print("%-22s %8.3f %8.3f  %7.2f us/mount" % (ph, a, b, (b - a) / 200 * 1e3))
