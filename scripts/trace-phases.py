#!/usr/bin/python3
"""Prints where the time of each hako invocation went, from a `hako --trace FILE` log.

Usage: scripts/trace-phases.py FILE

Every invocation starts at its "cli:<verb>" mark; the container init's marks ("init:...")
belong to the invocation that cloned it. Times are milliseconds since the invocation's first
mark (the exec of hako itself and its start-up come before it and are not in the file).
"""
import json
import sys


def invocations(marks):
    found = []
    for m in marks:
        if m["phase"].startswith("cli:"):
            found.append({"verb": m["phase"][4:], "marks": []})
        if found:
            found[-1]["marks"].append(m)
    return found


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: trace-phases.py FILE")
    try:
        with open(argv[1]) as f:
            marks = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        sys.exit(f"trace-phases.py: {argv[1]}: {e}")
    for inv in invocations(marks):
        t0 = inv["marks"][0]["ns"]
        print(f"hako {inv['verb']}")
        print(f"  {'phase':<20} {'at ms':>8} {'step ms':>8}")
        prev = t0
        for m in inv["marks"]:
            print(f"  {m['phase']:<20} {(m['ns'] - t0) / 1e6:8.3f} {(m['ns'] - prev) / 1e6:8.3f}")
            prev = m["ns"]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
