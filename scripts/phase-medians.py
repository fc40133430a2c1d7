#!/usr/bin/python3
"""Median phase breakdown of many traced hako invocations (`hako --trace FILE`).

Usage:
  phase-medians.py [--verb VERB] TRACE      Markdown table per verb: for every mark, the median
                                            time since the invocation began ("at") and since
                                            the mark before it in the same run ("step")
  phase-medians.py wrap TRACE HAKO ARGS...  runs `HAKO --trace TRACE ARGS...` between a "launch"
                                            and an "exit" mark (CLOCK_MONOTONIC, as hako's own),
                                            so the exec of hako and its exit are in the table;
                                            exits with hako's status. A benchmark can use a
                                            script that execs this as the runtime binary.

scripts/trace-phases.py prints single invocations; this one aggregates them.
"""
import json
import os
import statistics
import sys
import time


def append_mark(trace, phase):
    line = json.dumps({"ns": time_ns(), "pid": os.getpid(), "phase": phase}) + "\n"
    fd = os.open(trace, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def time_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def wrap(trace, hako, args):
    append_mark(trace, "launch")
    pid = os.posix_spawn(hako, [hako, "--trace", trace] + args, os.environ)
    _, status = os.waitpid(pid, 0)
    append_mark(trace, "exit")
    return os.waitstatus_to_exitcode(status) & 0xFF


def invocations(marks):
    """Groups marks: a run starts at "launch" (or at "cli:VERB" when not wrapped)."""
    runs = []
    for m in marks:
        starts = m["phase"] == "launch" or (
            m["phase"].startswith("cli:") and not (runs and runs[-1][-1]["phase"] == "launch"))
        if starts:
            runs.append([])
        if runs:
            runs[-1].append(m)
    return runs


def verb_of(run):
    return next((m["phase"][4:] for m in run if m["phase"].startswith("cli:")), "?")


def table(runs):
    at, step = {}, {}
    for run in runs:
        run = sorted(run, key=lambda m: m["ns"])
        seen = {}
        for i, m in enumerate(run):
            seen[m["phase"]] = seen.get(m["phase"], 0) + 1
            name = m["phase"] if seen[m["phase"]] == 1 else f"{m['phase']} #{seen[m['phase']]}"
            at.setdefault(name, []).append((m["ns"] - run[0]["ns"]) / 1e6)
            step.setdefault(name, []).append((m["ns"] - run[i - 1]["ns"]) / 1e6 if i else 0.0)
    rows = sorted(at, key=lambda n: statistics.median(at[n]))
    out = ["| mark | at, median [ms] | step from the previous mark, median [ms] | runs |",
           "|:---|---:|---:|---:|"]
    for n in rows:
        out.append(f"| {n} | {statistics.median(at[n]):.2f} | {statistics.median(step[n]):.2f} "
                   f"| {len(at[n])} |")
    return "\n".join(out)


def main(argv):
    if len(argv) >= 4 and argv[1] == "wrap":
        return wrap(argv[2], argv[3], argv[4:])
    verb = None
    if len(argv) == 4 and argv[1] == "--verb":
        verb, argv = argv[2], argv[:1] + argv[3:]
    if len(argv) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    try:
        with open(argv[1]) as f:
            marks = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        sys.exit(f"phase-medians.py: {argv[1]}: {e}")
    by_verb = {}
    for run in invocations(marks):
        by_verb.setdefault(verb_of(run), []).append(run)
    for v, runs in by_verb.items():
        if (verb is None and v != "?") or v == verb:  # "?": no verb marks (--version)
            print(f"hako {v} ({len(runs)} invocations)\n\n{table(runs)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
