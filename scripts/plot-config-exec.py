#!/usr/bin/python3
"""Plots hako-bench's `config-size` and `exec-load` scenarios (issue 15) and prints their tables.

config-size: one panel per dimension (bind mounts, seccomp rules warm and cold, KiB of env and
annotations), the median `run` time against N per runtime (cold seccomp dashed), with the
least-squares slope in the legend → config-size.png. exec-load: p50 and p99 of `exec` per
runtime, idle and under load → exec-load.png.

    /usr/bin/python3 scripts/plot-config-exec.py config.json --out docs/scale/run4
    /usr/bin/python3 scripts/plot-config-exec.py exec-load.json --out docs/scale/run4
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

UNITS = {"binds": "mount", "rules": "rule", "rules-cold": "rule", "env": "KiB"}


def config_points(doc):
    """dimension -> runtime -> n -> median ms."""
    pts = defaultdict(lambda: defaultdict(dict))
    for r in doc["results"]:
        if r.get("group") != "config-size":
            continue
        pts[r["dimension"]][r["runtime"]][int(r["n"])] = statistics.median(r["times"]) * 1000
    return pts


def slope(by_n):
    """Least squares through (n, median): ms per unit."""
    xs, ys = list(by_n), list(by_n.values())
    if len(xs) < 2:
        return float("nan")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")


def config_table(pts) -> str:
    lines = []
    for dim, by_rt in pts.items():
        ns = sorted({n for d in by_rt.values() for n in d})
        lines += [f"| {dim} | " + " | ".join(f"N={n} [ms]" for n in ns) +
                  f" | µs per {UNITS.get(dim, 'unit')} |", "|:---|" + "---:|" * (len(ns) + 1)]
        for rt, by_n in by_rt.items():
            cells = [f"{by_n[n]:.2f}" if n in by_n else "—" for n in ns]
            lines.append(f"| {rt} | " + " | ".join(cells) + f" | {slope(by_n) * 1000:.1f} |")
        lines.append("")
    return "\n".join(lines)


def plot_config(pts, out: Path, plt) -> Path:
    panels = [d for d in ("binds", "rules", "env") if d in pts or (d == "rules" and "rules-cold" in pts)]
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels), 3.6), squeeze=False)
    for ax, dim in zip(axes.flat, panels):
        colors = {}
        for variant in ([dim, "rules-cold"] if dim == "rules" else [dim]):
            for rt, by_n in pts.get(variant, {}).items():
                ns = sorted(by_n)
                kw = {"color": colors[rt]} if rt in colors else {}
                cold = variant == "rules-cold"
                line, = ax.plot(ns, [by_n[n] for n in ns], marker="x" if cold else "o",
                                linestyle="--" if cold else "-",
                                label=f"{rt}{' cold' if cold else ''} ({slope(by_n) * 1000:.1f} µs/{UNITS[variant]})",
                                **kw)
                colors[rt] = line.get_color()
        ax.set_ylim(bottom=0)
        ax.set_title({"binds": "bind mounts", "rules": "seccomp rules (cold dashed)",
                      "env": "KiB of env and of annotations"}[dim])
        ax.set_xlabel("N")
        ax.set_ylabel("median `run` [ms]")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("config size: `run` of /bin/true against N (medians)")
    fig.tight_layout()
    path = out / "config-size.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def exec_points(info):
    """runtime -> {"idle_p50", ...} in ms, from exec_* keys."""
    pts = defaultdict(dict)
    for key, value in info.items():
        for kind in ("idle_p50", "idle_p99", "load_p50", "load_p99"):
            prefix = f"exec_{kind}_"
            if key.startswith(prefix):
                pts[key[len(prefix):]][kind] = float(value) * 1000
    return pts


def exec_table(pts) -> str:
    lines = ["| runtime | idle p50 [ms] | idle p99 | load p50 | load p99 | load ÷ idle p50 |",
             "|:---|---:|---:|---:|---:|---:|"]
    for rt, d in pts.items():
        lines.append(f"| {rt} | {d['idle_p50']:.1f} | {d['idle_p99']:.1f} | {d['load_p50']:.1f} | "
                     f"{d['load_p99']:.1f} | {d['load_p50'] / d['idle_p50']:.2f} |")
    return "\n".join(lines)


def plot_exec(pts, out: Path, plt) -> Path:
    kinds = [("idle_p50", "idle p50"), ("idle_p99", "idle p99"), ("load_p50", "load p50"),
             ("load_p99", "load p99")]
    rts = list(pts)
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    width = 0.8 / len(kinds)
    for i, (kind, label) in enumerate(kinds):
        xs = [j + (i - (len(kinds) - 1) / 2) * width for j in range(len(rts))]
        vals = [pts[rt][kind] for rt in rts]
        ax.bar(xs, vals, width, label=label, hatch="//" if "load" in kind else None)
        for x, v in zip(xs, vals):
            ax.annotate(f"{v:.0f}" if v >= 10 else f"{v:.1f}", (x, v), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(rts)))
    ax.set_xticklabels(rts)
    ax.set_ylabel("exec latency [ms]")
    ax.set_title("`exec ID true`, idle and beside churning workers")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / "exec-load.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("json", type=Path, help="hako-bench --export-json of a config-size or exec-load run")
    p.add_argument("--out", type=Path, default=Path("."), help="directory for the PNGs")
    a = p.parse_args(argv)
    try:
        doc = json.loads(a.json.read_text())
        config, execs = config_points(doc), exec_points(doc.get("hako_bench", {}))
    except (OSError, ValueError, KeyError) as e:
        print(f"plot-config-exec: {a.json}: {e}", file=sys.stderr)
        return 1
    if not config and not execs:
        print(f"plot-config-exec: {a.json}: no config-size results and no exec_* keys (run "
              "hako-bench lifecycle --scenario config-size or exec-load)", file=sys.stderr)
        return 1
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    a.out.mkdir(parents=True, exist_ok=True)
    files = []
    if config:
        files.append(plot_config(config, a.out, plt))
        print(config_table(config))
    if execs:
        files.append(plot_exec(execs, a.out, plt))
        print(exec_table(execs))
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
