#!/bin/bash
# Podman drives hako and runc side by side through conmon (`podman --runtime PATH`), with private
# storage (vfs), the cgroupfs manager and the file events backend (no systemd here), the daily
# paths once per runtime (lib.sh), then rootless Podman: a user with subordinate ranges that
# exists only in a private mount namespace (copies of /etc/passwd, group, subuid, subgid bound
# there; nothing in /etc changes), its own storage and XDG_RUNTIME_DIR.
# Podman asks for RLIMIT_NOFILE 1048576 by default, above this machine's hard limit (the bounding
# set lacks CAP_SYS_RESOURCE; docs/design/test-host.md): the ulimits are given explicitly. Exit 77 with the reason when
# podman is missing.
set -u
HAKO=${1:?usage: podman_test.sh HAKO ROOTFS}
ROOTFS=${2:?usage: podman_test.sh HAKO ROOTFS}
HAKO=$(realpath "$HAKO") ROOTFS=$(realpath "$ROOTFS")
. "$(dirname "$0")/lib.sh"
command -v podman >/dev/null || { echo "SKIP: podman not installed (apt-get install podman)"; exit 77; }
command -v runc >/dev/null || { echo "SKIP: runc not installed (apt-get install runc): nothing to compare with"; exit 77; }
work=$(mktemp -d /tmp/hako-podman.XXXXXX)
chmod 755 "$work"
P="podman --root $work/store --runroot $work/run --storage-driver vfs --cgroup-manager cgroupfs --events-backend file"
RUID=42420  # the rootless user's uid and gid (only in the private mount namespace)
cleanup() {
  $P rm -af -t 0 >/dev/null 2>&1
  local pause
  pause=$(cat "$work/xdg/libpod/tmp/pause.pid" 2>/dev/null)  # rootless podman's namespace holder
  [ -n "$pause" ] && wait_gone "$pause" 30
  umount -R "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"  # conmon and the shims write files such as `oom` into their cwd
tar -C "$ROOTFS" -c . | $P import - hako-busybox:test >/dev/null 2>"$work/import.err" || {
  echo "SKIP: podman cannot import here: $(tail -n 2 "$work/import.err")"; exit 77; }
IMG=hako-busybox:test
L="--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --net=none"
rtpath() { if [ "$1" = hako ]; then echo "$HAKO"; else command -v runc; fi; }
R() { local rt=$1; shift; $P --runtime "$(rtpath "$rt")" run --rm $L "$@"; }
bg() { local rt=$1 name=$2; shift 2; $P --runtime "$(rtpath "$rt")" run -d --name "$name" $L "$@" $IMG sleep 100 >/dev/null; }
rmf() { $P rm -f -t 0 "$1" >/dev/null 2>&1; }
mkdir -p "$work/vol"
cat >"$work/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF

case_run() { expect_eq "echo" "$(R "$1" $IMG echo hi 2>&1)" hi; }

case_exit_codes() {
  local c got=""
  for c in "sh -c 'exit 1'" /no/such/bin no-such-cmd /etc/passwd; do
    eval "R $1 $IMG $c" >/dev/null 2>&1
    got="$got $?"
  done
  expect_eq "exit codes of exit 1, /no/such/bin, no-such-cmd, /etc/passwd" "$got" " 1 127 127 126"
}

case_exec() {
  local n=ex-$1 ok=0
  bg "$1" "$n" || return 1
  expect_eq "exec output" "$($P exec "$n" sh -c 'echo exec-ok')" exec-ok || ok=1
  $P exec "$n" sh -c 'exit 3'
  expect_eq "exec exit status" "$?" 3 || ok=1
  $P exec "$n" /no/such/bin >/dev/null 2>&1
  expect_eq "exec of a missing binary" "$?" 127 || ok=1
  rmf "$n"
  return $ok
}

case_exec_tty() {
  command -v script >/dev/null || { echo "script (util-linux) missing: no pty to drive podman exec -it"; return 77; }
  local n=et-$1 ok=0 out
  bg "$1" "$n" || return 1
  expect_has "podman exec -t tty" "$($P exec -t "$n" tty 2>&1)" /dev/pts/ || ok=1
  out=$(timeout 20 script -qec "$P exec -it $n sh -c 'tty; exit 4'" /dev/null 2>&1)
  expect_eq "podman exec -it exit status" "$?" 4 || ok=1
  expect_has "podman exec -it tty" "$out" /dev/pts/ || ok=1
  rmf "$n"
  return $ok
}

case_run_tty() { expect_has "podman run -t tty" "$(R "$1" -t $IMG tty 2>&1)" /dev/pts/0; }

case_stop_kill() {
  local n=sk-$1 ok=0
  bg "$1" "$n" || return 1
  $P stop -t 0 "$n" >/dev/null
  expect_eq "exit code after stop -t 0" "$($P inspect -f '{{.State.ExitCode}}' "$n")" 137 || ok=1
  rmf "$n"
  bg "$1" "$n" || return 1
  $P kill "$n" >/dev/null
  expect_eq "exit code after kill" "$($P wait "$n")" 137 || ok=1
  rmf "$n"
  return $ok
}

case_pause() {
  local n=pa-$1 ok=0
  bg "$1" "$n" || return 1
  $P pause "$n" >/dev/null || ok=1
  expect_eq "status while paused" "$($P inspect -f '{{.State.Status}}' "$n")" paused || ok=1
  $P unpause "$n" >/dev/null || ok=1
  expect_eq "exec after unpause" "$($P exec "$n" echo back)" back || ok=1
  rmf "$n"
  return $ok
}

case_update() {
  local n=up-$1 ok=0 pid cg
  bg "$1" "$n" || return 1
  $P update --memory 64m --memory-swap 64m --cpu-quota 50000 --cpu-period 100000 "$n" >/dev/null || ok=1
  pid=$($P inspect -f '{{.State.Pid}}' "$n")
  cg=$(sed -n 's/^[0-9]*:memory://p' "/proc/$pid/cgroup")
  expect_eq "memory.limit_in_bytes after update" "$(cat "/sys/fs/cgroup/memory$cg/memory.limit_in_bytes" 2>&1)" 67108864 || ok=1
  cg=$(sed -n 's/^[0-9]*:cpu://p' "/proc/$pid/cgroup")
  expect_eq "cpu.cfs_quota_us after update" "$(cat "/sys/fs/cgroup/cpu$cg/cpu.cfs_quota_us" 2>&1)" 50000 || ok=1
  rmf "$n"
  return $ok
}

# Podman 4.3's conmon reports OOMKilled false on this host for runc as well: only the exit code
# (SIGKILL from the OOM killer) is compared; the flag is printed.
case_oom() {
  local n=oom-$1 ok=0
  $P --runtime "$(rtpath "$1")" run --name "$n" $L --memory 32m --memory-swap 32m $IMG sh -c 'tail /dev/zero' >/dev/null 2>&1
  expect_eq "exit code" "$($P inspect -f '{{.State.ExitCode}}' "$n")" 137 || ok=1
  echo "note: OOMKilled=$($P inspect -f '{{.State.OOMKilled}}' "$n")" >&2
  rmf "$n"
  return $ok
}

case_read_only() {
  expect_has "touch / on --read-only" "$(R "$1" --read-only --read-only-tmpfs=false $IMG touch /x 2>&1; echo "rc=$?")" "Read-only file system
rc=1"
}

case_volume() {
  local ok=0
  R "$1" -v "$work/vol:/data" $IMG sh -c "echo vol-$1 > /data/f-$1" || ok=1
  expect_eq "file written through the volume" "$(cat "$work/vol/f-$1" 2>&1)" "vol-$1" || ok=1
  return $ok
}

case_user() { expect_eq "--user 1000:1001" "$(R "$1" --user 1000:1001 $IMG sh -c 'id -u; id -g' 2>&1 | tr '\n' ' ')" "1000 1001 "; }

case_caps() {
  local ok=0
  expect_eq "CapEff --cap-drop ALL" "$(R "$1" --cap-drop ALL $IMG grep CapEff /proc/self/status | cap_eff)" 0000000000000000 || ok=1
  expect_eq "CapEff --cap-add NET_ADMIN" "$(R "$1" --cap-add NET_ADMIN $IMG grep CapEff /proc/self/status | cap_eff)" 00000000800415fb || ok=1
  return $ok
}

case_seccomp() {
  expect_has "mkdir under a profile denying it" \
    "$(R "$1" --security-opt "seccomp=$work/seccomp.json" $IMG sh -c 'mkdir /tmp/d 2>&1; echo rc=$?' 2>&1)" \
    "Operation not permitted
rc=1"
}

# Rootless: the user's podman puts the runtime in its user namespace (uid 0 -> RUID, 1..65536 ->
# the subordinate range) with a config that has no user namespace of its own.
rootless_setup() {
  mkdir -p "$work/home" "$work/xdg" "$work/rl"
  chown "$RUID:$RUID" "$work/home" "$work/xdg"
  chmod 700 "$work/xdg"
  cp /etc/passwd "$work/rl/passwd"
  cp /etc/group "$work/rl/group"
  echo "hakoeng:x:$RUID:$RUID::$work/home:/bin/sh" >>"$work/rl/passwd"
  echo "hakoeng:x:$RUID:" >>"$work/rl/group"
  echo "hakoeng:300000:65536" >"$work/rl/subuid"
  cp "$work/rl/subuid" "$work/rl/subgid"
  chmod 644 "$work/rl/"*
  cp "$HAKO" "$work/rl/hako"
  chmod 755 "$work/rl" "$work/rl/hako"
  cat >"$work/rl/podman.sh" <<EOF
#!/bin/sh
exec podman --root $work/home/store --runroot $work/xdg/run --storage-driver vfs --cgroup-manager cgroupfs --events-backend file "\$@"
EOF
  chmod 755 "$work/rl/podman.sh"
}
# as_user CMD...: CMD as the rootless user, in a private mount namespace that has the user.
as_user() {
  unshare -m sh -c '
    w=$0 u=$1
    shift
    mount --make-rprivate / && for f in passwd group subuid subgid; do mount --bind "$w/rl/$f" /etc/$f || exit 1; done
    mount --make-rshared /
    cd "$w/home" && exec setpriv --reuid "$u" --regid "$u" --clear-groups env HOME="$w/home" XDG_RUNTIME_DIR="$w/xdg" USER=hakoeng LOGNAME=hakoeng "$@"
  ' "$work" "$RUID" "$@"
}
case_rootless() {
  command -v newuidmap >/dev/null || { echo "newuidmap missing (Debian package uidmap): no subordinate ranges"; return 77; }
  command -v setpriv >/dev/null || { echo "setpriv (util-linux) missing"; return 77; }
  local rt ok=0 out
  rt=$([ "$1" = hako ] && echo "$work/rl/hako" || command -v runc)
  out=$(as_user "$work/rl/podman.sh" --runtime "$rt" run --rm $L $IMG sh -c 'id -u; cat /proc/self/uid_map; stat -c "%F %t:%T" /dev/null' 2>&1)
  expect_eq "rootless run" "$(printf '%s' "$out" | tr -s ' ' | tr '\n' '|')" "0| 0 $RUID 1| 1 300000 65536|character special file 1:3" || ok=1
  as_user "$work/rl/podman.sh" --runtime "$rt" run -d --name "rl-$1" $L $IMG sleep 100 >/dev/null 2>&1 || ok=1
  expect_eq "rootless exec" "$(as_user "$work/rl/podman.sh" exec "rl-$1" echo rl-exec 2>&1)" rl-exec || ok=1
  as_user "$work/rl/podman.sh" rm -f -t 0 "rl-$1" >/dev/null 2>&1
  return $ok
}

for c in run exit_codes exec exec_tty run_tty stop_kill pause update oom read_only volume user caps seccomp; do
  run_case "$c"
done
rootless_setup
if as_user "$work/rl/podman.sh" import - $IMG < <(tar -C "$ROOTFS" -c .) >"$work/rl/import.log" 2>&1; then
  run_case rootless
else
  why="rootless podman cannot import here: $(tail -n 1 "$work/rl/import.log")"
  echo "case rootless|hako=SKIP ($why)|runc=SKIP ($why)"
  ENGINE_RESULTS="${ENGINE_RESULTS}rootless|hako=SKIP ($why)|runc=SKIP ($why)
"
fi
print_summary podman || { echo "FAIL: podman with --runtime hako"; exit 1; }
echo "PASS: podman with --runtime hako (every case as with runc)"
