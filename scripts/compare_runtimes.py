#!/usr/bin/python3
"""Compares OCI runtimes (default hako, runc, crun) with the `hako` Python module: the lifecycle
benchmarks (hako-bench's engine and scenarios) and the conformance suite, then writes
report.md (medians, ratios of medians between every pair, conformance totals and per-program
verdicts), the raw exports, and PNG plots of the lifecycle time distributions.

    sudo /usr/bin/python3 scripts/compare_runtimes.py --out report-cmp
    sudo /usr/bin/python3 scripts/compare_runtimes.py --runtimes hako,runc --scenarios run \
        --runs 10 --conformance create,state --out /tmp/cmp

Needs root (it runs containers), the `hako` module (scripts/setup.sh installs it) and Debian's
python3-matplotlib. Fairness: on a hybrid-cgroup host crun 1.8 only works where
/sys/fs/cgroup/unified is hidden. With --isolation auto (default) the whole benchmark session
then runs in one private mount namespace without it (as hako-bench --mount-ns auto), so every
runtime sees the same pure cgroup v1 and no run pays for isolation; the report says so.
--isolation wrapper instead puts every call of every runtime behind a wrapper process (its cost
is then in every number, and the report says that too). The conformance suite, which reports
verdicts and not times, runs crun behind the per-call wrapper.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
from pathlib import Path
from typing import Dict, List, NoReturn, Optional, Sequence

EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    print(f"compare_runtimes: {message}", file=sys.stderr)
    sys.exit(code)


try:
    import hako
except ImportError as e:  # the module is installed by scripts/setup.sh
    fail(f"cannot import the hako module ({e}); run scripts/setup.sh or "
         "`/usr/bin/python3 -m pip install --no-build-isolation .` first")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runtimes", default="hako,runc,crun",
                   help="comma-separated runtimes: names, paths or LABEL=PATH (default: %(default)s)")
    p.add_argument("--scenarios", default="cycle,run,create,start,state,delete,exec",
                   help="lifecycle scenarios (default: %(default)s; known: "
                        + ", ".join(hako.bench.scenarios()) + ")")
    p.add_argument("--runs", type=int, default=30, help="timed runs per runtime and scenario")
    p.add_argument("--warmup", type=int, default=3, help="warm-up runs (default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="seed of the random interleaving")
    p.add_argument("--conformance", default="all",
                   help="conformance programs: 'all' (the runtime-tools group), 'none', or "
                        "comma-separated names/globs (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=1, help="conformance programs run in parallel")
    p.add_argument("--isolation", choices=("auto", "session", "wrapper", "none"), default="auto",
                   help="auto: one private mount namespace for the whole benchmark session when "
                        "crun is compared on a hybrid-cgroup host; session: always; wrapper: "
                        "every runtime call behind the cgroup-v1 wrapper (a mount namespace per "
                        "call, its cost in every number); none: the host's namespace "
                        "(default: %(default)s)")
    p.add_argument("--skip-missing", action="store_true",
                   help="leave out runtimes that are not installed instead of failing")
    p.add_argument("--plots", choices=("all", "overview"), default="all",
                   help="all: one PNG per scenario plus the overview; overview: only the overview "
                        "(default: %(default)s)")
    p.add_argument("--out", default="report-compare", help="output directory (default: %(default)s)")
    a = p.parse_args(argv)
    a.runtimes = [r for r in a.runtimes.split(",") if r]
    a.scenarios = [s for s in a.scenarios.split(",") if s]
    if not a.runtimes:
        p.error("--runtimes is empty")
    if a.runs < 1:
        p.error("--runs must be at least 1")
    return a


def check_runtimes(names: List[str], skip_missing: bool) -> List[str]:
    """Resolves every runtime up front so that a missing one is one clear line, not a
    half-finished run."""
    kept = []
    for name in names:
        try:
            hako.resolve_runtime(name)
            kept.append(name)
        except FileNotFoundError as e:
            hint = f"install it (apt-get install {name}) or " if name in ("runc", "crun") else ""
            if not skip_missing:
                fail(f"{e.strerror}; {hint}leave it out of --runtimes, or pass --skip-missing")
            print(f"compare_runtimes: skipping: {e.strerror}", file=sys.stderr)
    if not kept:
        fail("no runtime left to compare")
    return kept


def choose_isolation(isolation: str, runtimes: List[str]):
    """The benchmark's isolation mode and the sentence the report prints about it."""
    mode = hako.bench.resolve_isolation(isolation, runtimes)
    if mode == "session":
        return mode, ("once per session: the whole benchmark runs in one private mount namespace "
                      "with /sys/fs/cgroup/unified removed (crun 1.8 refuses hybrid cgroups), so "
                      "every runtime sees pure cgroup v1 and no run pays for the isolation "
                      "(as hako-bench --mount-ns auto)")
    if mode == "wrapper":
        wrapper = " ".join(hako.cgroup_v1_wrapper())
        return mode, (f"per call (--isolation wrapper): every call of every runtime runs behind "
                      f"`{wrapper}` (a new private mount namespace per call); its cost is part of "
                      "every number")
    if isolation == "none":
        return mode, "none: every runtime runs in the host mount namespace"
    return mode, "none needed (no crun, or no hybrid cgroups): every runtime runs as is"


def run_benchmarks(a: argparse.Namespace, isolation: str) -> Optional[hako.bench.BenchmarkReport]:
    if not a.scenarios:
        return None
    print(f"== lifecycle benchmarks: {', '.join(a.scenarios)} × {', '.join(a.runtimes)}, "
          f"{a.runs} runs (+{a.warmup} warm-up), interleaved (seed {a.seed})", flush=True)
    return hako.bench.lifecycle(a.runtimes, a.scenarios, runs=a.runs, warmup=a.warmup,
                                order="interleaved-random", seed=a.seed, isolation=isolation,
                                progress=lambda line: print("  " + line, flush=True))


def run_conformance(a: argparse.Namespace) -> Dict[str, "hako.conformance.ConformanceReport"]:
    if a.conformance == "none":
        return {}
    programs = [] if a.conformance == "all" else [p for p in a.conformance.split(",") if p]
    reports = {}
    for rt in a.runtimes:
        print(f"== conformance: {rt} ({'all runtime-tools programs' if not programs else ', '.join(programs)})",
              flush=True)
        reports[rt] = hako.conformance.run(
            rt, programs, jobs=a.jobs,
            progress=lambda r: print(f"  {r.name:34} {r.seconds:5.1f}s  {r.verdict}", flush=True))
    return reports


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def label(r) -> str:
    return r.runtime or r.command


def medians_table(bench, runtimes: List[str]) -> List[str]:
    lines = ["| Scenario | " + " | ".join(f"{rt} median [ms]" for rt in runtimes) + " | Runs |",
             "|:---|" + "---:|" * len(runtimes) + "---:|"]
    for sc in bench.scenarios():
        cells = []
        for rt in runtimes:
            r = bench.result(sc, rt)
            q = statistics.quantiles(r.times, n=4) if len(r.times) > 1 else [r.median, r.median, r.median]
            cells.append(f"{ms(r.median)} ({ms(q[0])} … {ms(q[2])})")
        runs = bench.result(sc, runtimes[0]).runs
        lines.append(f"| {sc} | " + " | ".join(cells) + f" | {runs} |")
    return lines


def ratios_table(bench, runtimes: List[str]) -> List[str]:
    pairs = [(x, y) for i, x in enumerate(runtimes) for y in runtimes[i + 1:]]
    if not pairs:
        return ["(one runtime: no ratios)"]
    lines = ["| Scenario | " + " | ".join(f"{x} ÷ {y}" for x, y in pairs) + " |",
             "|:---|" + "---:|" * len(pairs)]
    for sc in bench.scenarios():
        cells = [f"{bench.result(sc, x).median / bench.result(sc, y).median:.2f}" for x, y in pairs]
        lines.append(f"| {sc} | " + " | ".join(cells) + " |")
    return lines


def conformance_tables(reports) -> List[str]:
    if not reports:
        return ["(not run: --conformance none)"]
    lines = ["| Runtime | Programs | Passed | Failed | Blocked | Known gaps | TAP ok | TAP not ok | TAP skip | Wall [s] |",
             "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rt, rep in reports.items():
        t = rep.totals
        lines.append(f"| {rt} | {len(rep.programs)} | {t.passed} | {t.failed} | {t.blocked} | "
                     f"{t.known_gaps} | {t.ok} | {t.not_ok} | {t.skip} | {rep.wall_seconds:.1f} |")
    names = list(dict.fromkeys(p.name for rep in reports.values() for p in rep.programs))
    by = {rt: {p.name: p for p in rep.programs} for rt, rep in reports.items()}
    lines += ["", "Per program (pass / FAIL: why / blocked: host prerequisite missing):", "",
              "| Program | " + " | ".join(reports) + " |", "|:---|" + ":---|" * len(reports)]
    for name in names:
        cells = []
        for rt in reports:
            p = by[rt].get(name)
            cells.append("—" if p is None else p.verdict.replace("|", "\\|"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def plot(bench, runtimes: List[str], out: Path, per_scenario: bool) -> List[Path]:
    """The overview PNG (every scenario side by side), the ratio PNG (each runtime's median over
    the reference's, with its bootstrap interval, per scenario) and, with per_scenario, one PNG
    per scenario. Distribution plots: per runtime a box plot of the run times (axis from zero)
    with every run drawn as a point, the median marked and written out, and the runtime's
    median ratio to the reference under its name."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    scenarios = bench.scenarios()
    reference = bench.info.get("reference_runtime", runtimes[0])

    def tick(sc, rt):
        if rt == reference:
            return f"{rt}\n(reference)"
        a, b = bench.result(sc, rt).median, bench.result(sc, reference).median
        return f"{rt}\n{a / b:.2f}× {reference}" if b > 0 else rt

    def draw(ax, sc):
        data = [[t * 1000 for t in bench.result(sc, rt).times] for rt in runtimes]
        ax.boxplot(data, showfliers=False, widths=0.5,
                   medianprops=dict(color="black", linewidth=1.5))
        top = max(max(ys) for ys in data)
        for i, ys in enumerate(data, start=1):
            xs = [i + ((k * 7919) % 101 - 50) / 400 for k in range(len(ys))]  # deterministic jitter
            ax.scatter(xs, ys, s=8, alpha=0.45)
            med = statistics.median(ys)
            ax.scatter([i], [med], marker="D", s=36, color="black", zorder=3)
            ax.annotate(f"{med:.1f} ms", (i, med), xytext=(16, 0), textcoords="offset points",
                        va="center", fontsize=8, fontweight="bold",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
        ax.set_xticks(range(1, len(runtimes) + 1))
        ax.set_xticklabels([tick(sc, rt) for rt in runtimes], fontsize=8)
        ax.set_title(sc)
        ax.set_ylabel("wall time [ms]")
        ax.set_ylim(0, top * 1.08)
        ax.grid(axis="y", alpha=0.3)

    for sc in scenarios if per_scenario else []:
        fig, ax = plt.subplots(figsize=(6, 4.2))
        draw(ax, sc)
        fig.suptitle(f"lifecycle `{sc}`: {bench.result(sc, runtimes[0]).runs} runs each "
                     "(◆ median)")
        fig.tight_layout()
        path = out / f"lifecycle-{sc.replace('+', '-')}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        files.append(path)
    cols = min(4, len(scenarios))
    rows = (len(scenarios) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3.8 * rows), squeeze=False)
    for ax in axes.flat[len(scenarios):]:
        ax.set_visible(False)
    for ax, sc in zip(axes.flat, scenarios):
        draw(ax, sc)
    fig.suptitle(f"lifecycle wall time per runtime and scenario (◆ median; under each name its "
                 f"median ÷ {reference}'s)")
    fig.tight_layout()
    path = out / "lifecycle-overview.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return [path, plot_ratios(bench, runtimes, reference, out, plt)] + files


def plot_ratios(bench, runtimes: List[str], reference: str, out: Path, plt) -> Path:
    """Median ratio to the reference per scenario and runtime on a log axis (1 = as fast as the
    reference), with the 95% bootstrap interval the export carries."""
    scenarios = bench.scenarios()
    others = [rt for rt in runtimes if rt != reference]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(scenarios) * max(1, len(others)) + 1.4))
    height = 0.8 / max(1, len(others))
    lowest, highest = 0.1, 10.0
    for k, rt in enumerate(others):
        ys, xs, lo, hi = [], [], [], []
        for i, sc in enumerate(scenarios):
            r = bench.result(sc, rt)
            ratio = r.median_ratio if r.median_ratio else r.median / bench.result(sc, reference).median
            ci = r.median_ratio_ci or (ratio, ratio)
            ys.append(i + (k - (len(others) - 1) / 2) * height)
            xs.append(ratio)
            lo.append(ratio - ci[0])
            hi.append(ci[1] - ratio)
            lowest, highest = min(lowest, ci[0] * 0.8), max(highest, ci[1] * 1.5)
        ax.errorbar(xs, ys, xerr=[lo, hi], fmt="o", capsize=3, markersize=6, label=rt)
        for y, x, up in zip(ys, xs, hi):
            ax.annotate(f"{x:.2f}×", (x + up, y), xytext=(5, 0), textcoords="offset points",
                        va="center", fontsize=8)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlim(lowest, highest)
    ticks = [t for t in (0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50) if lowest <= t <= highest]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(range(len(scenarios)))
    ax.set_yticklabels(scenarios)
    ax.invert_yaxis()
    ax.set_xlabel(f"median ÷ {reference}'s median (log scale; < 1: faster than {reference})")
    ax.set_title(f"median ratio to {reference}, with 95% bootstrap interval")
    ax.grid(axis="x", alpha=0.3, which="both")
    ax.legend(loc="lower right")
    fig.tight_layout()
    path = out / "lifecycle-ratios.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def machine_lines() -> List[str]:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [f"- kernel: {platform.release()} ({platform.machine()}), {os.cpu_count()} CPUs, "
            f"load average at the end: {load}",
            f"- cgroups: {'hybrid (v1 + cgroup2 at /sys/fs/cgroup/unified)' if hako.hybrid_cgroups() else 'not hybrid'}",
            f"- hako module {hako.__version__} from {hako.locations()['source_dir']}"]


def write_report(a, out: Path, bench, conf, plots: List[Path], isolation_note: str, started: str) -> Path:
    runtimes = bench.runtimes() if bench else a.runtimes
    info = bench.info if bench else {}
    lines = [f"# Runtime comparison: {', '.join(a.runtimes)}", "",
             f"Generated by `scripts/compare_runtimes.py` (the `hako` Python module) on {started} UTC.",
             "Absolute numbers move with machine load; compare medians and ratios.", "",
             "## Setup", ""] + machine_lines()
    for rt in runtimes:
        if f"runtime_{rt}" in info:
            lines.append(f"- {rt}: {info[f'runtime_{rt}']}")
    lines += [f"- isolation of the benchmarks: {isolation_note}"]
    if info.get("mount_namespace"):
        lines += [f"- mount namespace the runs saw (from the export): {info['mount_namespace']}"]
    if bench:
        lines += [f"- benchmarks: {a.runs} timed runs + {a.warmup} warm-up per runtime and scenario, "
                  f"order {info.get('order')} (seed {info.get('seed')}); peak RSS: "
                  f"{info.get('memory_usage_source', 'n/a')}"]
    lines += [f"- conformance: {'not run' if not conf else ('all runtime-tools programs' if a.conformance == 'all' else a.conformance)}"
              + ("; crun behind the per-call cgroup-v1 wrapper on this hybrid host (verdicts only, "
                 "no timing)" if conf and hako.auto_wrapper(list(conf)) else ""),
              ""]
    if bench:
        lines += ["## Lifecycle medians", "",
                  "Median wall time per run, with the interquartile range (25th … 75th percentile).", ""]
        lines += medians_table(bench, runtimes)
        lines += ["", "## Ratios of medians", "",
                  "Each cell is the left runtime's median divided by the right one's (below 1: the left is faster).", ""]
        lines += ratios_table(bench, runtimes)
        lines += ["", "## Against the reference runtime (hako-bench's table)", "",
                  "Median ratio with a 95% percentile-bootstrap interval; hyperfine's mean ratio ± σ.", ""]
        lines += [bench.table.rstrip(), ""]
    lines += ["## Conformance", ""] + conformance_tables(conf) + [""]
    if plots:
        lines += ["## Plots", ""] + [f"![{p.stem}]({p.name})" for p in plots] + [""]
    lines += ["## Files", "", "- `bench.json`: hako-bench's JSON export of every run",
              "- `conformance-<runtime>.json`: hako-conformance's JSON document per runtime", ""]
    path = out / "report.md"
    path.write_text("\n".join(lines))
    return path


def main(argv: Sequence[str]) -> int:
    a = parse_args(argv)
    if os.geteuid() != 0:
        fail("must run as root (it creates containers)")
    a.runtimes = check_runtimes(a.runtimes, a.skip_missing)
    unknown = [s for s in a.scenarios if s.split("+")[0] not in hako.bench.scenarios()]
    if unknown:
        fail(f"unknown scenario {', '.join(unknown)} (known: {', '.join(hako.bench.scenarios())})")
    if a.conformance not in ("all", "none"):
        hako.conformance.programs("runtime-tools", a.conformance.split(","))  # fails early on typos
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    isolation, note = choose_isolation(a.isolation, a.runtimes)
    print(f"isolation: {note}", flush=True)
    bench = run_benchmarks(a, isolation)
    plots: List[Path] = []
    if bench:
        (out / "bench.json").write_text(bench.to_json())
        plots = plot(bench, bench.runtimes(), out, per_scenario=a.plots == "all")
    conf = run_conformance(a)
    for rt, rep in conf.items():
        (out / f"conformance-{rt.replace('/', '_')}.json").write_text(rep.to_json())
    report = write_report(a, out, bench, conf, plots, note, started)
    print(f"wrote {report} and {len(plots)} plot(s) in {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except hako.HakoError as e:
        fail(str(e.strerror or e), 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
