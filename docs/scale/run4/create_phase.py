#!/usr/bin/python3
# create + delete of a fresh container, K times, with --trace; median step per phase, and CPU.
import json, os, statistics, subprocess, sys, time
hako, root, k, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
steps = {}; wall = []; cpu = []
for i in range(k + 1):
    tr = "/tmp/wt15/ctrace-%s.jsonl" % tag
    if os.path.exists(tr): os.unlink(tr)
    cid = "wt15-cp-%s-%d" % (tag, i)
    t0 = time.perf_counter()
    p = subprocess.Popen([hako, "--root", root, "--trace", tr, "create", "-b", "/tmp/wt15/sleepb", cid], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, st, ru = os.wait4(p.pid, 0); dt = time.perf_counter() - t0
    subprocess.run([hako, "--root", root, "delete", "--force", cid], check=True)
    if st: sys.exit(p.stderr.read().decode())
    if i == 0: continue
    wall.append(dt * 1e3); cpu.append((ru.ru_utime + ru.ru_stime) * 1e3)
    marks = sorted((json.loads(l) for l in open(tr) if l.strip()), key=lambda m: m["ns"])
    prev = marks[0]["ns"]
    for m in marks:
        steps.setdefault(m["phase"], []).append((m["ns"] - prev) / 1e6); prev = m["ns"]
med = statistics.median
print("%s: wall %.2f ms cpu %.2f ms" % (tag, med(wall), med(cpu)))
for ph, v in steps.items(): print("  %-18s %7.3f" % (ph, med(v)))
