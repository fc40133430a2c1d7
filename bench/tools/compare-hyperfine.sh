#!/bin/sh
# Measures the same command with `hyperfine -N` and `hako-bench run`, alternating the two tools
# ROUNDS times so that machine drift hits both alike, and prints each invocation's mean ± σ and
# median plus the check the project asks for: do the means agree within σ?
# Usage: bench/tools/compare-hyperfine.sh [-b HAKO_BENCH] [-r RUNS] [-w WARMUP] [-k ROUNDS] CMD
set -eu
bench=${HAKO_BENCH:-$(dirname "$0")/../../build-bench/bench/cli/hako-bench}
runs=200 warmup=10 rounds=3
while getopts b:r:w:k: opt; do
  case $opt in
    b) bench=$OPTARG ;; r) runs=$OPTARG ;; w) warmup=$OPTARG ;; k) rounds=$OPTARG ;;
    *) echo "usage: $0 [-b HAKO_BENCH] [-r RUNS] [-w WARMUP] [-k ROUNDS] CMD" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-b HAKO_BENCH] [-r RUNS] [-w WARMUP] [-k ROUNDS] CMD" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "$0: hyperfine is not installed" >&2; exit 1; }
[ -x "$bench" ] || { echo "$0: $bench is not built (cmake --build build-bench --target hako-bench)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
i=1
while [ "$i" -le "$rounds" ]; do
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --export-json "$out/hyperfine-$i.json" "$1"
  "$bench" run --style none --runs "$runs" --warmup "$warmup" --export-json "$out/hako-bench-$i.json" "$1"
  i=$((i + 1))
done
/usr/bin/python3 - "$out" "$rounds" "$1" <<'PY'
import json, sys
out, rounds, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"command: {cmd}")
print("| round | tool | mean ± σ [ms] | median [ms] | runs |")
print("|---:|:---|---:|---:|---:|")
agree = 0
for i in range(1, rounds + 1):
    r = {}
    for tool in ("hyperfine", "hako-bench"):
        res = json.load(open(f"{out}/{tool}-{i}.json"))["results"][0]
        r[tool] = res
        print(f"| {i} | {tool} | {res['mean']*1e3:.3f} ± {res['stddev']*1e3:.3f} | "
              f"{res['median']*1e3:.3f} | {len(res['times'])} |")
    h, b = r["hyperfine"], r["hako-bench"]
    ok = abs(h["mean"] - b["mean"]) <= max(h["stddev"], b["stddev"])
    agree += ok
    print(f"|   | Δmean {1e3*(b['mean']-h['mean']):+.3f} ms, Δmedian "
          f"{1e3*(b['median']-h['median']):+.3f} ms | {'within σ' if ok else 'NOT within σ'} | | |")
print(f"\nmeans agree within σ in {agree} of {rounds} rounds")
PY
