#!/usr/bin/python3
"""Plots hako-bench's `scale` scenario (issue 15): for each verb, the median latency against the
number of live containers per runtime (log x axis, y from zero, one line per runtime, the
interquartile range shaded), plus the host memory per live container; and prints the slope
table (median at the largest N ÷ median at the smallest) that docs/performance.md quotes.
A `scale-running` run (running `sleep` containers) plots the same way. Given the JSON of a `churn` run, it plots containers per second and the p50/p99 latency against
the parallelism P per runtime instead (scale-churn.png) and prints that table.

    /usr/bin/python3 scripts/plot-scale.py scale.json --out docs/scale   # scale-latency.png, scale-memory.png
    /usr/bin/python3 scripts/plot-scale.py churn.json --out docs/scale   # scale-churn.png
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path


def load(path: Path):
    doc = json.loads(path.read_text())
    curves = defaultdict(lambda: defaultdict(dict))  # verb -> runtime -> n -> times
    for r in doc["results"]:
        sc = r.get("scenario", "")
        if "@" not in sc:
            continue
        verb, n = sc.rsplit("@", 1)
        curves[verb][r["runtime"]][int(n)] = [t * 1000 for t in r["times"]]
    return doc.get("hako_bench", {}), curves


def slope_table(curves) -> str:
    runtimes = list(dict.fromkeys(rt for v in curves.values() for rt in v))
    lines = ["| verb | " + " | ".join(f"{rt}: N=min → N=max [ms] (ratio)" for rt in runtimes) + " |",
             "|:---|" + "---:|" * len(runtimes)]
    for verb, by_rt in curves.items():
        cells = []
        for rt in runtimes:
            pts = by_rt.get(rt, {})
            if not pts:
                cells.append("—")
                continue
            lo, hi = min(pts), max(pts)
            a, b = statistics.median(pts[lo]), statistics.median(pts[hi])
            cells.append(f"{a:.1f} → {b:.1f} ({b / a:.2f}×)")
        lines.append(f"| {verb} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot_latency(curves, out: Path, plt) -> Path:
    verbs = list(curves)
    cols = min(3, len(verbs))
    rows = (len(verbs) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.6 * rows), squeeze=False)
    for ax in axes.flat[len(verbs):]:
        ax.set_visible(False)
    for ax, verb in zip(axes.flat, verbs):
        top = 0.0
        for rt, pts in curves[verb].items():
            ns = sorted(pts)
            med = [statistics.median(pts[n]) for n in ns]
            q1 = [statistics.quantiles(pts[n], n=4)[0] if len(pts[n]) > 1 else med[i] for i, n in enumerate(ns)]
            q3 = [statistics.quantiles(pts[n], n=4)[2] if len(pts[n]) > 1 else med[i] for i, n in enumerate(ns)]
            line, = ax.plot(ns, med, marker="o", label=rt)
            ax.fill_between(ns, q1, q3, alpha=0.2, color=line.get_color())
            ax.annotate(f"{med[-1]:.1f}", (ns[-1], med[-1]), xytext=(4, 0),
                        textcoords="offset points", fontsize=8, va="center")
            top = max(top, max(q3))
        ax.set_xscale("log")
        all_ns = sorted({n for pts in curves[verb].values() for n in pts})
        ax.set_xticks(all_ns)
        ax.set_xticklabels([str(n) for n in all_ns])
        ax.minorticks_off()
        ax.set_ylim(0, top * 1.15)
        ax.set_title(verb)
        ax.set_xlabel("live containers per runtime")
        ax.set_ylabel("median [ms]")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    fig.suptitle("one more verb beside N live containers (median, IQR shaded)")
    fig.tight_layout()
    path = out / "scale-latency.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_memory(info, out: Path, plt) -> Path | None:
    per = defaultdict(lambda: defaultdict(dict))  # kind -> runtime -> n -> KiB per container
    for key, value in info.items():
        key = key.replace("live_running_", "live_", 1)  # scale-running's keys
        for kind in ("live_init_rss", "live_cgroup_charged", "live_state_bytes"):
            if key.startswith(kind + "_"):
                rt, n = key[len(kind) + 1:].rsplit("_", 1)
                per[kind][rt][int(n)] = int(value) / int(n) / 1024
    if not per:
        return None
    titles = {"live_init_rss": "init RSS", "live_cgroup_charged": "memory-cgroup charge",
              "live_state_bytes": "state files (allocated)"}
    fig, axes = plt.subplots(1, len(per), figsize=(4.6 * len(per), 3.6), squeeze=False)
    for ax, (kind, by_rt) in zip(axes.flat, per.items()):
        rts = list(by_rt)
        largest = [by_rt[rt][max(by_rt[rt])] for rt in rts]
        ax.bar(rts, largest)
        for i, v in enumerate(largest):
            ax.annotate(f"{v:.0f}" if v >= 10 else f"{v:.1f}", (i, v), ha="center", va="bottom", fontsize=8)
        ax.set_ylim(0, max(largest) * 1.2 if max(largest) > 0 else 1)
        n_max = max(max(by_rt[rt]) for rt in rts)
        ax.set_title(f"{titles[kind]} per live container (N={n_max})")
        ax.set_ylabel("KiB")
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path = out / "scale-memory.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def churn_points(info):
    """runtime -> P -> {"throughput", "p50", "p99", "containers", "failures"} from churn_* keys."""
    pts = defaultdict(lambda: defaultdict(dict))
    for key, value in info.items():
        for kind in ("throughput", "p50", "p99", "containers", "failures"):
            prefix = f"churn_{kind}_"
            if key.startswith(prefix):
                rt, p = key[len(prefix):].rsplit("_p", 1)
                pts[rt][int(p)][kind] = float(value)
    return pts


def churn_table(pts) -> str:
    lines = ["| runtime | P | containers/s | p50 [ms] | p99 [ms] | p99 ÷ p50 | failures |",
             "|:---|---:|---:|---:|---:|---:|---:|"]
    for rt, by_p in pts.items():
        for p in sorted(by_p):
            d = by_p[p]
            ratio = d["p99"] / d["p50"] if d.get("p50") else float("nan")
            lines.append(f"| {rt} | {p} | {d['throughput']:.1f} | {d['p50'] * 1000:.1f} | "
                         f"{d['p99'] * 1000:.1f} | {ratio:.2f} | {d['failures']:.0f} |")
    return "\n".join(lines)


def plot_churn(pts, out: Path, plt) -> Path:
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.2, 3.6))
    for rt, by_p in pts.items():
        ps = sorted(by_p)
        a1.plot(ps, [by_p[p]["throughput"] for p in ps], marker="o", label=rt)
        line, = a2.plot(ps, [by_p[p]["p50"] * 1000 for p in ps], marker="o", label=f"{rt} p50")
        a2.plot(ps, [by_p[p]["p99"] * 1000 for p in ps], marker="x", linestyle="--",
                color=line.get_color(), label=f"{rt} p99")
    for ax, title, unit in ((a1, "throughput", "containers per second"),
                            (a2, "one container's create+start+delete", "ms")):
        ax.set_xscale("log", base=2)
        all_ps = sorted({p for by_p in pts.values() for p in by_p})
        ax.set_xticks(all_ps)
        ax.set_xticklabels([str(p) for p in all_ps])
        ax.minorticks_off()
        ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.set_xlabel("parallel workers P")
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("parallel churn: create+start+delete at P workers")
    fig.tight_layout()
    path = out / "scale-churn.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("json", type=Path, help="hako-bench --export-json of a `scale` run")
    p.add_argument("--out", type=Path, default=Path("."), help="directory for the PNGs")
    a = p.parse_args(argv)
    try:
        info, curves = load(a.json)
    except (OSError, ValueError, KeyError) as e:
        print(f"plot-scale: {a.json}: {e}", file=sys.stderr)
        return 1
    churn = churn_points(info)
    if not curves and not churn:
        print(f"plot-scale: {a.json}: no `VERB@N` results and no churn keys (run hako-bench "
              "lifecycle --scenario scale or churn)", file=sys.stderr)
        return 1
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    a.out.mkdir(parents=True, exist_ok=True)
    files = []
    if curves:
        files += [plot_latency(curves, a.out, plt), plot_memory(info, a.out, plt)]
        print(slope_table(curves))
    if churn:
        files.append(plot_churn(churn, a.out, plt))
        print(churn_table(churn))
    print("wrote " + ", ".join(str(f) for f in files if f))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
