#!/bin/bash
# Docker drives hako and runc side by side: a private dockerd (own data root, exec root, socket,
# containerd namespace; no iptables, no bridge) with hako registered in daemon.json, an image
# imported from the busybox test rootfs, and the daily paths run once per runtime (lib.sh):
# run, exit codes, exec with and without a TTY, stop/kill, pause, update, OOM, read-only,
# volumes, users, caps, seccomp, the /sys/fs/cgroup layout and the shared state root.
# Exit 77 (ctest skip) with the exact reason when the engine is missing or cannot start here.
set -u
HAKO=${1:?usage: docker_test.sh HAKO ROOTFS}
ROOTFS=${2:?usage: docker_test.sh HAKO ROOTFS}
HAKO=$(realpath "$HAKO") ROOTFS=$(realpath "$ROOTFS")
. "$(dirname "$0")/lib.sh"
command -v dockerd >/dev/null || { echo "SKIP: dockerd not installed (apt-get install docker.io)"; exit 77; }
command -v runc >/dev/null || { echo "SKIP: runc not installed (apt-get install runc): nothing to compare with"; exit 77; }
work=$(mktemp -d /tmp/hako-docker.XXXXXX)
sock="$work/docker.sock"
ns="hako-test-$$"
dpid=""
D="docker -H unix://$sock"
cleanup() {
  if [ -n "$dpid" ]; then
    $D ps -aq 2>/dev/null | xargs -r $D rm -f >/dev/null 2>&1
    wait_gone "$dpid" 150
  fi
  umount -R "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"  # conmon and the shims write files such as `oom` into their cwd
cat >"$work/daemon.json" <<EOF
{"runtimes": {"hako": {"path": "$HAKO"}}}
EOF
dockerd --config-file "$work/daemon.json" --data-root "$work/data" --exec-root "$work/exec" \
  --pidfile "$work/docker.pid" -H "unix://$sock" --iptables=false --ip6tables=false --bridge=none \
  --containerd-namespace "$ns" --containerd-plugins-namespace "$ns-plugins" >"$work/dockerd.log" 2>&1 &
dpid=$!
for _ in $(seq 1 300); do
  $D info >/dev/null 2>&1 && break
  kill -0 "$dpid" 2>/dev/null || break
  sleep 0.1
done
if ! $D info >/dev/null 2>&1; then
  echo "SKIP: dockerd did not start here: $(tail -n 3 "$work/dockerd.log" | tr '\n' ' ')"
  exit 77
fi
tar -C "$ROOTFS" -c . | $D import - hako-busybox:test >/dev/null || { echo "FAIL: docker import"; exit 1; }
$D info --format '{{json .Runtimes}}' | grep -q '"hako"' || { echo "FAIL: hako not registered by daemon.json"; exit 1; }
IMG=hako-busybox:test
mkdir -p "$work/vol"
cat >"$work/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF
R() { local rt=$1; shift; $D run --rm --runtime "$rt" --net=none "$@"; }
# bg RUNTIME NAME [ARGS...]: a detached `sleep 100` container.
bg() { local rt=$1 name=$2; shift 2; $D run -d --name "$name" --runtime "$rt" --net=none "$@" $IMG sleep 100 >/dev/null; }

case_run() { expect_eq "echo" "$(R "$1" $IMG echo hi 2>&1)" hi; }

case_exit_codes() {
  local c got=""
  for c in "sh -c 'exit 0'" "sh -c 'exit 1'" /no/such/bin no-such-cmd /etc/passwd; do
    eval "R $1 $IMG $c" >/dev/null 2>&1
    got="$got $?"
  done
  expect_eq "exit codes of exit 0, exit 1, /no/such/bin, no-such-cmd, /etc/passwd" "$got" " 0 1 127 127 126"
}

case_exec() {
  local n=ex-$1 ok=0
  bg "$1" "$n" || return 1
  expect_eq "exec output" "$($D exec "$n" sh -c 'echo exec-ok')" exec-ok || ok=1
  $D exec "$n" sh -c 'exit 3'
  expect_eq "exec exit status" "$?" 3 || ok=1
  $D exec "$n" /no/such/bin >/dev/null 2>&1
  expect_eq "exec of a missing binary (Docker: 126 for any OCI exec failure)" "$?" 126 || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_exec_tty() {
  command -v script >/dev/null || { echo "script (util-linux) missing: no pty to drive docker exec -it"; return 77; }
  local n=et-$1 ok=0 out
  bg "$1" "$n" || return 1
  out=$($D exec -t "$n" tty 2>&1)
  expect_has "docker exec -t tty" "$out" /dev/pts/ || ok=1
  out=$(timeout 20 script -qec "$D exec -it $n sh -c 'tty; exit 4'" /dev/null 2>&1)
  expect_eq "docker exec -it exit status" "$?" 4 || ok=1
  expect_has "docker exec -it tty" "$out" /dev/pts/ || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_run_tty() { expect_has "docker run -t tty" "$(R "$1" -t $IMG tty 2>&1)" /dev/pts/0; }

case_stop_kill() {
  local n=sk-$1 ok=0
  bg "$1" "$n" || return 1
  $D stop -t 1 "$n" >/dev/null  # sleep as PID 1 ignores SIGTERM: killed after 1 s
  expect_eq "exit code after stop" "$($D inspect -f '{{.State.ExitCode}}' "$n")" 137 || ok=1
  $D rm -f "$n" >/dev/null
  $D run -d --name "$n" --runtime "$1" --net=none $IMG sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done' >/dev/null
  sleep 0.3
  $D kill -s TERM "$n" >/dev/null
  expect_eq "exit code after kill -s TERM (trapped)" "$($D wait "$n")" 7 || ok=1
  $D rm -f "$n" >/dev/null
  bg "$1" "$n"
  $D kill "$n" >/dev/null
  expect_eq "exit code after kill" "$($D wait "$n")" 137 || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_pause() {
  local n=pa-$1 ok=0
  bg "$1" "$n" || return 1
  $D pause "$n" >/dev/null || ok=1
  expect_eq "status while paused" "$($D inspect -f '{{.State.Status}} {{.State.Paused}}' "$n")" "paused true" || ok=1
  expect_eq "freezer state" "$(cat "/sys/fs/cgroup/freezer/docker/$($D inspect -f '{{.Id}}' "$n")/freezer.state" 2>&1)" FROZEN || ok=1
  $D unpause "$n" >/dev/null || ok=1
  expect_eq "exec after unpause" "$($D exec "$n" echo back)" back || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_update() {
  local n=up-$1 ok=0
  bg "$1" "$n" || return 1
  $D update --memory 64m --memory-swap 64m --pids-limit 50 --cpu-shares 512 "$n" >/dev/null || ok=1
  expect_eq "limits seen in the container" \
    "$($D exec "$n" cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/cpu/cpu.shares | tr '\n' ' ')" \
    "67108864 50 512 " || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_oom() {
  local n=oom-$1 ok=0
  $D run --name "$n" --runtime "$1" --net=none --memory 32m --memory-swap 32m $IMG sh -c 'tail /dev/zero' >/dev/null 2>&1
  expect_eq "exit code, OOMKilled" "$($D inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' "$n")" "137 true" || ok=1
  $D rm -f "$n" >/dev/null
  return $ok
}

case_read_only() {
  local ok=0
  expect_has "touch / on --read-only" "$(R "$1" --read-only $IMG touch /x 2>&1; echo "rc=$?")" "Read-only file system
rc=1" || ok=1
  expect_eq "--read-only --tmpfs /tmp" "$(R "$1" --read-only --tmpfs /tmp $IMG sh -c 'touch /tmp/x && echo ok' 2>&1)" ok || ok=1
  return $ok
}

case_volume() {
  local ok=0
  R "$1" -v "$work/vol:/data" $IMG sh -c "echo vol-$1 > /data/f-$1" || ok=1
  expect_eq "file written through the volume" "$(cat "$work/vol/f-$1" 2>&1)" "vol-$1" || ok=1
  expect_has "write to a :ro volume" "$(R "$1" -v "$work/vol:/data:ro" $IMG touch /data/g 2>&1)" "Read-only file system" || ok=1
  return $ok
}

case_user() { expect_eq "--user 1000:1001" "$(R "$1" --user 1000:1001 $IMG sh -c 'id -u; id -g' 2>&1 | tr '\n' ' ')" "1000 1001 "; }

case_caps() {
  local ok=0
  expect_eq "CapEff --cap-drop ALL" "$(R "$1" --cap-drop ALL $IMG grep CapEff /proc/self/status | cap_eff)" 0000000000000000 || ok=1
  expect_eq "CapEff default" "$(R "$1" $IMG grep CapEff /proc/self/status | cap_eff)" 00000000a80425fb || ok=1
  expect_eq "CapEff --cap-add NET_ADMIN" "$(R "$1" --cap-add NET_ADMIN $IMG grep CapEff /proc/self/status | cap_eff)" 00000000a80435fb || ok=1
  return $ok
}

case_seccomp() {
  expect_has "mkdir under a profile denying it" \
    "$(R "$1" --security-opt "seccomp=$work/seccomp.json" $IMG sh -c 'mkdir /tmp/d 2>&1; echo rc=$?' 2>&1)" \
    "Operation not permitted
rc=1"
}

# runc 1.1's /sys/fs/cgroup on this host; for hako also compared line by line with runc's.
cgroup_layout() {
  R "$1" $IMG sh -c "grep /sys/fs/cgroup /proc/self/mountinfo | cut -d' ' -f5,6,9-; stat -c '%a %n' /sys/fs/cgroup" 2>&1
}
case_cgroup_layout() {
  local out ok=0
  out=$(cgroup_layout "$1")
  expect_has "tmpfs" "$out" "/sys/fs/cgroup rw,nosuid,nodev,noexec,relatime tmpfs rw,mode=755" || ok=1
  expect_has "memory" "$out" "/sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime cgroup rw,memory" || ok=1
  expect_has "mode" "$out" "555 /sys/fs/cgroup" || ok=1
  case $out in *unified*|*cgroup2*) echo "a cgroup2 mount in: $out"; ok=1 ;; esac
  if [ "$1" = hako ]; then expect_eq "layout against runc's" "$out" "$(cgroup_layout runc)" || ok=1; fi
  return $ok
}

# dockerd hands every runtime --root <exec-root>/runtime-runc/<namespace>: after hako ran
# containers there with Docker's default seccomp profile, only container directories remain
# and runc lists it without a warning.
case_shared_root() {
  local root="$work/exec/runtime-runc/$ns" n=sr-$1 ok=0 err
  bg "$1" "$n" || return 1
  expect_eq "entries of the shared --root" "$(ls -A "$root")" "$($D inspect -f '{{.Id}}' "$n")" || ok=1
  $D rm -f "$n" >/dev/null
  R "$1" $IMG true || ok=1
  expect_eq "entries after the containers are gone" "$(ls -A "$root" 2>/dev/null)" "" || ok=1
  err=$(runc --root "$root" list 2>&1 >/dev/null)
  expect_eq "runc list stderr" "$err" "" || ok=1
  return $ok
}

for c in run exit_codes exec exec_tty run_tty stop_kill pause update oom read_only volume user caps \
         seccomp cgroup_layout shared_root; do
  run_case "$c"
done
if ! print_summary docker; then
  tail -n 20 "$work/dockerd.log"
  echo "FAIL: docker with --runtime hako"
  exit 1
fi
echo "PASS: docker with --runtime hako (every case as with runc)"
