# Runs each command line RUNS times (+1 warm-up), interleaved at random; prints the median
# CPU (user + system of the child, wait4) and wall time of each. Used by list_floor_run.sh.
#   list_cpu.py RUNS CMD...
import os, random, statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmds = sys.argv[2:]
random.seed(15)
cpu = {c: [] for c in cmds}; wall = {c: [] for c in cmds}; usr = {c: [] for c in cmds}; sy = {c: [] for c in cmds}
for i in range(runs + 1):
    order = list(cmds); random.shuffle(order)
    for c in order:
        t0 = time.perf_counter()
        p = subprocess.Popen(c.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, st, ru = os.wait4(p.pid, 0); dt = time.perf_counter() - t0
        if st: sys.exit("fail: " + c)
        if i:
            cpu[c].append((ru.ru_utime + ru.ru_stime) * 1e3); wall[c].append(dt * 1e3)
            usr[c].append(ru.ru_utime * 1e3); sy[c].append(ru.ru_stime * 1e3)
print("load", os.getloadavg())
for c in cmds:
    print("%-60s cpu %6.2f ms (user %5.2f sys %5.2f)  wall %6.2f ms" % (c[-60:], statistics.median(cpu[c]), statistics.median(usr[c]), statistics.median(sy[c]), statistics.median(wall[c])))
