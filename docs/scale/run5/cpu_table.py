# Median wall and CPU of every verb at each N from a hako-bench scale JSON, N-max ÷ N-min.
#   /usr/bin/python3 docs/scale/run5/cpu_table.py scale.json
# Median wall and CPU (user + system of the process) per verb at each N, and the N-max / N-1 ratio.
import json, statistics, sys
d = json.load(open(sys.argv[1]))
rows = {}
for r in d["results"]:
    verb, n = r["scenario"].split("@")
    cpu = statistics.median([u + s for u, s in zip(r["user_times"], r["system_times"])]) * 1e3
    rows.setdefault((verb, r["runtime"]), {})[int(n)] = (r["median"] * 1e3, cpu)
ns = sorted({n for v in rows.values() for n in v})
print("| verb | runtime | " + " | ".join(f"wall / CPU @ {n} [ms]" for n in ns) + f" | wall @{ns[-1]} ÷ @{ns[0]} | CPU @{ns[-1]} ÷ @{ns[0]} |")
print("|:---|:---|" + "---:|" * (len(ns) + 2))
for (verb, rt), v in rows.items():
    cells = " | ".join(f"{v[n][0]:.1f} / {v[n][1]:.1f}" for n in ns)
    print(f"| {verb} | {rt} | {cells} | {v[ns[-1]][0] / v[ns[0]][0]:.2f} | {v[ns[-1]][1] / v[ns[0]][1]:.2f} |")
