#!/usr/bin/python3
import os, random, statistics, subprocess, sys, time
runs = int(sys.argv[1]); root = sys.argv[2]; bins = sys.argv[3:]
random.seed(15)
cpu = {(b, f): [] for b in bins for f in ("table", "json")}; wall = {k: [] for k in cpu}
for i in range(runs + 1):
    order = list(cpu); random.shuffle(order)
    for b, f in order:
        t0 = time.perf_counter()
        p = subprocess.Popen([b, "--root", root, "list", "--format", f], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, st, ru = os.wait4(p.pid, 0); dt = time.perf_counter() - t0
        if st: sys.exit("fail")
        if i: cpu[(b, f)].append((ru.ru_utime + ru.ru_stime) * 1e3); wall[(b, f)].append(dt * 1e3)
for k in cpu:
    print("%-14s %-5s cpu %6.2f ms  wall %6.2f ms" % (os.path.basename(k[0]), k[1], statistics.median(cpu[k]), statistics.median(wall[k])))
