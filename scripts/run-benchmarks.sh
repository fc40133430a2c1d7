#!/bin/sh
# Runs the standard lifecycle comparison — hako, runc and crun side by side; cycle and run, the
# per-verb scenarios, and issue 8's seccomp overhead, memory-limit sweep and created-container
# memory, and the cost of CVE-2019-5736 protection (exe-guard); interleaved in a seeded random
# order — then the phase breakdown of `hako run` from `hako --trace` and the time of hako's
# exe-guard check (hako-micro), and writes docs/benchmarks.md (the tables, the machine, the
# runtimes' versions, the date and the exact commands).
# hako runs as documented for deployment: from a read-only bind mount of its binary (a snapshot
# taken at the start), made in a private mount namespace that only the benchmark lives in.
# runc and crun run as Debian installs them.
# A runtime that is missing or cannot run the bundle (hako, until it runs containers) is left
# out with its reason stated in the document.
#
# Usage: scripts/run-benchmarks.sh [--runs N] [--warmup N] [--scenario LIST] [--output FILE]
#                                  [--phase-runs N] [-- EXTRA hako-bench lifecycle OPTIONS]
# Needs root (containers), runc and crun. Uses the build directory scripts/setup.sh makes
# (build/): updates hako-bench there, builds hako only if it is missing. Override with
# HAKO_BUILD_DIR=DIR, or HAKO_BENCH=PATH / HAKO_BIN=PATH for the two binaries. --phase-runs 0
# skips the phase breakdown.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HAKO_BUILD_DIR:-$root/build}
bench=${HAKO_BENCH:-$build/bench/cli/hako-bench}
runs=100
warmup=10
scenarios=cycle,run,create,start,state,delete,kill,exec,version,seccomp-overhead,memory-sweep,created-rss,exe-guard
phase_runs=20
output=$root/docs/benchmarks.md
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --scenario) scenarios=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --phase-runs) phase_runs=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run-benchmarks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run-benchmarks.sh: needs root (it creates containers)" >&2; exit 1; }
# hako-bench must know the scenarios asked for: bring it up to date (a no-op when it is). hako is
# benchmarked as built, and built only when missing. Configured as scripts/setup.sh does.
targets=""
[ -n "${HAKO_BENCH:-}" ] || targets="hako-bench"
[ -n "${HAKO_BIN:-}" ] || [ -x "$build/runtime/hako" ] || targets="$targets hako"
micro=$build/bench/micro/hako-micro
[ -x "$micro" ] || targets="$targets hako-micro"
if [ -n "$targets" ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
  fi
  # shellcheck disable=SC2086
  cmake --build "$build" --target $targets >/dev/null || [ ! -x "${HAKO_BENCH:-$bench}" ]
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cgroup_mode() {
  case $(stat -f -c %T /sys/fs/cgroup 2>/dev/null) in
    cgroup2fs) echo "unified (cgroup v2 only)" ;;
    tmpfs)
      if [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
        echo "hybrid (cgroup v1 controllers + cgroup2 at /sys/fs/cgroup/unified)"
      else
        echo "legacy (cgroup v1 only)"
      fi ;;
    *) echo "unknown" ;;
  esac
}

version_of() {
  if command -v "$1" >/dev/null 2>&1; then "$1" --version 2>&1 | head -1; else echo "not installed"; fi
}

# hako is rebuilt often while it is being developed: benchmark a snapshot of the binary, so
# that a rebuild during the (long) run cannot swap it out half-way.
hako_spec=hako
hako_src=${HAKO_BIN:-$build/runtime/hako}
if [ -x "$hako_src" ]; then
  cp "$hako_src" "$work/hako"
  hako_spec="hako=$work/hako"
fi

# Runs CMD with FILE bind-mounted read-only onto itself, in a private mount namespace that
# only CMD and its children live in: nothing reaches the host's mount table, and the mount
# goes away with the last process of the benchmark (also on Ctrl-C or a crash).
# Usage: with_read_only FILE CMD...
with_read_only() {
  unshare -m --propagation private /bin/sh -c '
    mount --bind -o ro "$0" "$0" || exit 1
    case $(findmnt -n -o OPTIONS -T "$0") in
      ro,*) ;;
      *) echo "run-benchmarks.sh: $0 is not read-only after its bind mount" >&2; exit 1 ;;
    esac
    exec "$@"' "$@"
}
# hako from its read-only snapshot (the documented deployment): no self re-exec, only a check.
run_bench() {
  if [ "$hako_spec" = hako ]; then "$@"; else with_read_only "$work/hako" "$@"; fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
set -- "$bench" lifecycle --runtimes "$hako_spec,runc,crun" --skip-missing --scenario "$scenarios" \
  --runs "$runs" --warmup "$warmup" --interleave=random --seed 1 --style basic \
  --export-report "$work/report.md" --export-markdown "$work/hyperfine.md" \
  --export-json "$work/results.json" "$@"
shown=$(printf '%s ' "$@" | sed "s|$root/||g; s|$work/|OUT/|g")
echo "run-benchmarks.sh: $shown" >&2
status=0
run_bench "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$work/stderr" >&2
if [ "$status" -ne 0 ] || [ ! -s "$work/report.md" ]; then
  echo "run-benchmarks.sh: hako-bench failed (exit $status); $output left unchanged" >&2
  exit 1
fi

# The phase breakdown: `hako --trace` on every `run` of one more (hako-only) benchmark of the
# same bundle, each run between the launch/exit marks of scripts/phase-medians.py's wrapper.
phases=""
phase_cmd=""
if [ "$phase_runs" -gt 0 ] && [ "$hako_spec" != hako ]; then
  printf '#!/bin/sh\nexec /usr/bin/python3 %s wrap %s %s "$@"\n' \
    "$root/scripts/phase-medians.py" "$work/trace.jsonl" "$work/hako" >"$work/hako-traced"
  chmod +x "$work/hako-traced"
  set -- "$bench" lifecycle --runtimes "hako=$work/hako-traced" --scenario run --runs "$phase_runs" \
    --warmup 0 --mount-ns private --style none
  phase_cmd=$(printf '%s ' "$@" | sed "s|$root/||g; s|$work/|OUT/|g")
  echo "run-benchmarks.sh: $phase_cmd" >&2
  if run_bench "$@" >/dev/null 2>"$work/phase-stderr"; then
    phases=$(/usr/bin/python3 "$root/scripts/phase-medians.py" --verb run "$work/trace.jsonl")
  else
    cat "$work/phase-stderr" >&2
    phases="(the traced benchmark failed: $(tail -1 "$work/phase-stderr"))"
  fi
fi
# The exe-guard check that remains on a read-only mount: hako-micro run from one.
inspect=""
if [ -x "$micro" ]; then
  cp "$micro" "$work/hako-micro"
  if with_read_only "$work/hako-micro" "$work/hako-micro" --benchmark_filter=ExeGuardInspect \
       --benchmark_repetitions=10 --benchmark_report_aggregates_only=true \
       --benchmark_format=json >"$work/micro.json" 2>/dev/null; then
    inspect=$(/usr/bin/python3 -c '
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") == "median":
        print("%.1f %s wall, %.1f %s CPU (median of 10 repetitions; it found: %s)" % (b["real_time"], b["time_unit"], b["cpu_time"], b["time_unit"], b.get("label", "?")))
' "$work/micro.json")
  fi
fi

json_field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hako_bench'].get(sys.argv[2], ''))" "$work/results.json" "$1"; }
hako_line="hako: $(json_field runtime_hako | sed "s|$work/hako|OUT/hako|")"
hako_note=""
[ "$hako_spec" = hako ] || hako_note=" (OUT/hako: a copy of ${hako_src#$root/} taken at the start, run from a read-only bind mount of itself: the documented deployment, see runtime/linux/exe_guard.h)"
if [ "$hako_line" = "hako: " ]; then
  hako_line="hako: left out: $(grep 'runtime `hako`' "$work/stderr" | sed 's/^hako-bench: skipping //' | head -1)"
fi
mount_note=$(sed -n 's/^Mount namespace: //p' "$work/stdout" | head -1)

{
  echo "# Lifecycle benchmarks"
  echo
  echo "Generated by \`scripts/run-benchmarks.sh\` on $started; do not edit by hand (re-run the script)."
  echo "Method: \`hako-bench\` (bench/), hyperfine 1.15's statistics, all runtimes interleaved in a"
  echo "random order per round (seed 1), so that drift on this noisy VM hits every runtime alike."
  echo "Compare **medians** and the median ratio; absolute numbers move with machine load."
  echo
  echo "## Machine"
  echo
  echo "- kernel: $(uname -r) ($(uname -m)); $(nproc) cores: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
  echo "- cgroups: $(cgroup_mode)"
  echo "- mount namespace: $mount_note"
  echo "- load average (1, 5, 15 min): $load_before before, $load_after after"
  echo "- runc: $(json_field runtime_runc)"
  echo "- crun: $(json_field runtime_crun)"
  echo "- $hako_line$hako_note"
  echo "- runc and crun run as Debian installs them, from the writable root file system. crun 1.8.1"
  echo "  re-executes itself on every start to protect its binary (CVE-2019-5736) and skips that when"
  echo "  the binary is on a read-only mount, as hako does: the **exe-guard** rows run every runtime from a"
  echo "  writable copy and from a read-only bind-mounted copy, so \"run (read-only binary)\" compares"
  echo "  hako and crun deployed alike. runc 1.1.5 clones itself inside \`runc init\` either way."
  echo "- hyperfine (for comparison runs): $(version_of hyperfine)"
  echo "- source: git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "## Command"
  echo
  echo '```'
  echo "$shown"
  echo '```'
  echo
  if [ -n "$phase_cmd" ]; then
    echo "Then the phase breakdown (hako only; OUT/hako-traced runs \`scripts/phase-medians.py wrap"
    echo "OUT/trace.jsonl OUT/hako\`, i.e. \`OUT/hako --trace OUT/trace.jsonl ...\` between a launch and an exit mark):"
    echo
    echo '```'
    echo "$phase_cmd"
    echo '```'
    echo
  fi
  echo "(OUT is a temporary directory; paths are relative to the repository. Both ran as"
  echo "\`unshare -m --propagation private\` with OUT/hako bind-mounted read-only onto itself.)"
  echo
  echo "## Results"
  echo
  # report.md: the side-by-side table, then one "### NAME" section per composite or probe.
  awk '/^### /{exit} {if (n++) print last; last = $0} END {if (n && last != "") print last}' "$work/report.md"
  echo
  echo "Median ÷ crun: ratio of medians with a 95% percentile-bootstrap interval (10000 resamples)."
  echo "Mean ÷ crun: hyperfine's mean ratio ± σ. Peak RSS: median over runs of \`wait4\`'s"
  echo "\`ru_maxrss\` for the runtime process (the largest step in multi-step scenarios); a container"
  echo "init that the runtime does not wait for is not included."
  echo
  echo "Scenarios: **cycle** = \`create\`, \`start\`, \`delete --force\` back to back without a shell"
  echo "(docs/design/benchmark-method.md §1: the \`sh\` cycle adds one \`dash\` start-up, about 2 ms; \`--scenario cycle-sh\` measures"
  echo "that form); **run** = \`run\` of \`/bin/true\` to completion; **create/start/state/delete** = one verb, with"
  echo "per-run prepare/conclude steps putting the container in the right state (delete: container"
  echo "stopped); **kill** = \`kill ID KILL\` of a running container; **exec** = \`exec ID true\` into"
  echo "one running container; **version** = \`--version\`; **seccomp-overhead** = \`run\` and"
  echo "\`run+seccomp\` (a docker-like profile) interleaved in one benchmark, each runtime's filter cache"
  echo "warmed by one seccomp run first; **memory-sweep** and **created-rss**: see their sections (they"
  echo "time nothing; bench/README.md); **exe-guard** = \`run\` from a writable copy and from a read-only"
  echo "bind-mounted copy of each runtime's binary, interleaved in one benchmark (see its section)."
  echo "Bundle: busybox rootfs, read-only root, namespaces pid/net/ipc/uts/mnt, runc-spec mounts, masked"
  echo "and read-only paths, 3 capabilities, one rlimit, noNewPrivileges, no seccomp (docs/design/benchmark-method.md §1;"
  echo "the +seccomp bundle adds the docker-like profile, memory-sweep a memory limit)."
  echo
  if grep -q '^### ' "$work/report.md"; then
    echo "## Issue 8 targets: seccomp overhead, memory-limit sweep, created-container memory, exe-guard"
    echo
    sed -n '/^### /,$p' "$work/report.md"
    echo
  fi
  if [ -n "$phases" ]; then
    echo "## Phase breakdown of \`hako run\` (\`hako --trace\`)"
    echo
    echo "Medians over the traced runs (the runtime's probe run included) of the same bundle, hako alone"
    echo "on the machine's remaining load. \"at\": time since the wrapper's launch mark (just before"
    echo "posix_spawn of hako); \"step\": time since the previous mark of the same run. launch → cli:run"
    echo "is the exec of hako, its start-up and the exe-guard check; init:* marks come from the container"
    echo "init; exited → exit is the teardown and hako's exit."
    echo
    echo "$phases"
    echo
  fi
  if [ -n "$inspect" ]; then
    echo "## exe-guard check on a read-only mount (hako-micro)"
    echo
    echo "\`BM_ExeGuardInspect\` (bench/micro/exe_guard_bench.cc) run from a read-only bind mount of"
    echo "hako-micro: $inspect. That is what create/run/exec pay for CVE-2019-5736 protection when"
    echo "hako is deployed on a read-only mount; the exe-guard section above is the cost when it is not."
    echo
  fi
  echo "## hyperfine tables per scenario"
  echo
  cat "$work/hyperfine.md"
} >"$output"
echo "run-benchmarks.sh: wrote $output" >&2
