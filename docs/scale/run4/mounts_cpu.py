#!/usr/bin/python3
# CPU time (user+sys of hako and its init, from wait4's rusage) of `hako run` with the 0- and
# 200-bind bundles, binaries and sizes interleaved; median per (binary, size), slope per mount.
import resource, statistics, subprocess, sys, os, random, time
runs = int(sys.argv[1]); bins = sys.argv[2:]
random.seed(15)
cpu = {(b, n): [] for b in bins for n in (0, 200)}
wall = {(b, n): [] for b in bins for n in (0, 200)}
for i in range(runs + 1):
    order = [(b, n) for b in bins for n in (0, 200)]
    random.shuffle(order)
    for b, n in order:
        label = os.path.basename(b)
        t0 = time.perf_counter()
        p = subprocess.Popen([b, "--root", "/tmp/wt15/root-cpu", "run", "-b", "/tmp/wt15/b%d" % n, "wt15-cpu-%s-%d-%d" % (label, n, i)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        if status != 0: sys.exit("failed: %s %d: %s" % (b, n, p.stderr.read().decode()))
        if i == 0: continue
        cpu[(b, n)].append((ru.ru_utime + ru.ru_stime) * 1e3); wall[(b, n)].append(dt * 1e3)
med = statistics.median
for b in bins:
    c0, c2 = med(cpu[(b, 0)]), med(cpu[(b, 200)])
    w0, w2 = med(wall[(b, 0)]), med(wall[(b, 200)])
    print("%-12s cpu %.2f -> %.2f ms (%.2f us/mount)   wall %.2f -> %.2f ms (%.2f us/mount)" % (os.path.basename(b), c0, c2, (c2 - c0) / 0.2, w0, w2, (w2 - w0) / 0.2))
