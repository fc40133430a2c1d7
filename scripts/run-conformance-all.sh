#!/bin/sh
# Runs the conformance suite (both groups) against hako (BUILD/runtime/hako), runc and crun,
# and writes docs/conformance.md with the three columns side by side, the date, the kernel
# and the cgroup mode. hako runs with conformance/known-gaps.txt (its listed failures show as
# "known gap"; the list is rendered too). hako may not exist yet: its column then says
# "not built".
# crun 1.8 refuses hybrid cgroups, so it runs behind conformance/wrappers/cgroup-v1-only.sh.
# Environment: BUILD_DIR (default build), HAKO (default BUILD_DIR/runtime/hako), JOBS (default
# 2), GROUP (default all).
# Needs root. Usage: scripts/run-conformance-all.sh
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
jobs=${JOBS:-2}
group=${GROUP:-all}
runner=$build/conformance/hako-conformance
if [ ! -x "$runner" ]; then
  echo "run-conformance-all.sh: $runner missing; build it: cmake --build $build --target hako-conformance" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wrap="$PWD/conformance/wrappers/cgroup-v1-only.sh"

# run NAME ARGS...: one runtime; a failing program does not stop the others.
run() {
  name=$1
  shift
  echo "== $name" >&2
  "$runner" --group "$group" --jobs "$jobs" --json "$out/$name.json" "$@" >"$out/$name.txt" 2>"$out/$name.err" || true
  tail -n 3 "$out/$name.txt" >&2
}

hako=${HAKO:-$build/runtime/hako}
if [ -x "$hako" ]; then
  case $hako in /*) ;; *) hako=$PWD/$hako ;; esac
  run hako --runtime "$hako" --known-gaps conformance/known-gaps.txt
  commit=$("$hako" --version 2>/dev/null | sed -n 's/^commit: \(.\{12\}\).*/\1/p')
  hako_note="$("$hako" --version 2>/dev/null | head -n 1 || echo hako)${commit:+ (commit $commit)} at $hako, no wrapper, known gaps from conformance/known-gaps.txt"
  hako_status=measured
else
  hako_note="$hako"
  hako_status="not built"
fi
if command -v runc >/dev/null 2>&1; then
  run runc --runtime runc
  runc_note="$(runc --version | head -n 1), no wrapper"
  runc_status=measured
else
  runc_note=runc; runc_status="not installed"
fi
if command -v crun >/dev/null 2>&1; then
  run crun --runtime crun --wrap "$wrap"
  crun_note="$(crun --version | head -n 1), wrapped by conformance/wrappers/cgroup-v1-only.sh"
  crun_status=measured
else
  crun_note=crun; crun_status="not installed"
fi

if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
  cgroups="pure cgroup v2 ($(cat /sys/fs/cgroup/cgroup.controllers))"
elif [ -f /sys/fs/cgroup/unified/cgroup.controllers ]; then
  cgroups="hybrid: cgroup v1 hierarchies ($(ls /sys/fs/cgroup | grep -v unified | tr '\n' ' ' | sed 's/ $//')), cgroup2 at /sys/fs/cgroup/unified with controllers [$(cat /sys/fs/cgroup/unified/cgroup.controllers)]"
else
  cgroups="cgroup v1"
fi

export OUT="$out" CGROUPS="$cgroups" JOBS_USED="$jobs" GROUP_USED="$group"
export HAKO_NOTE="$hako_note" HAKO_STATUS="$hako_status" RUNC_NOTE="$runc_note" RUNC_STATUS="$runc_status"
export CRUN_NOTE="$crun_note" CRUN_STATUS="$crun_status"
/usr/bin/python3 - <<'PY'
import json, os, subprocess
out = os.environ["OUT"]
def rt(name):
    path = os.path.join(out, name + ".json")
    return {"name": name, "json": path if os.path.exists(path) else None,
            "note": os.environ[name.upper() + "_NOTE"], "status": os.environ[name.upper() + "_STATUS"]}
meta = {
    "date": subprocess.check_output(["date", "-u", "+%Y-%m-%d %H:%M UTC"], text=True).strip(),
    "kernel": os.uname().release,
    "cpus": os.cpu_count(),
    "cgroups": os.environ["CGROUPS"],
    "command": "hako-conformance --runtime RUNTIME [--wrap WRAPPER] --group %s --jobs %s --json FILE"
               % (os.environ["GROUP_USED"], os.environ["JOBS_USED"]),
    "runtimes": [rt("hako"), rt("runc"), rt("crun")],
}
json.dump(meta, open(os.path.join(out, "meta.json"), "w"))
PY
/usr/bin/python3 conformance/tools/render_results.py docs/conformance.md "$out/meta.json"
echo "wrote docs/conformance.md" >&2
