#!/bin/bash
# containerd drives hako and runc side by side through its runc v2 shim: a private containerd
# (own config, root, state, sockets; CRI plugin off), an image packed from the busybox test
# rootfs (make-oci-archive.sh) and imported with `ctr images import`, and the daily paths once
# per runtime with `ctr run --runc-binary` (lib.sh). Exit 77 with the reason when containerd or
# ctr is missing or cannot start here.
set -u
HAKO=${1:?usage: ctr_test.sh HAKO ROOTFS}
ROOTFS=${2:?usage: ctr_test.sh HAKO ROOTFS}
HAKO=$(realpath "$HAKO") ROOTFS=$(realpath "$ROOTFS")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
for p in containerd ctr containerd-shim-runc-v2; do
  command -v $p >/dev/null || { echo "SKIP: $p not installed (apt-get install containerd)"; exit 77; }
done
command -v runc >/dev/null || { echo "SKIP: runc not installed (apt-get install runc): nothing to compare with"; exit 77; }
work=$(mktemp -d /tmp/hako-ctr.XXXXXX)
chmod 755 "$work"  # the user-namespace case maps root to 100000, which must reach the rootfs
cpid=""
C="ctr -a $work/containerd.sock -n hako-test"
cleanup() {
  if [ -n "$cpid" ]; then
    local t
    for t in $($C task ls -q 2>/dev/null); do $C task kill -s SIGKILL "$t" >/dev/null 2>&1; done
    sleep 0.2
    for t in $($C task ls -q 2>/dev/null); do $C task rm -f "$t" >/dev/null 2>&1; done
    $C container ls -q 2>/dev/null | xargs -r $C container rm >/dev/null 2>&1
    wait_gone "$cpid" 100
  fi
  umount -R "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"  # conmon and the shims write files such as `oom` into their cwd
cat >"$work/config.toml" <<EOF
version = 2
root = "$work/root"
state = "$work/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$work/containerd.sock"
[ttrpc]
  address = "$work/containerd.sock.ttrpc"
[debug]
  address = "$work/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/opt"
EOF
containerd --config "$work/config.toml" >"$work/containerd.log" 2>&1 &
cpid=$!
for _ in $(seq 1 100); do
  $C version >/dev/null 2>&1 && break
  kill -0 "$cpid" 2>/dev/null || break
  sleep 0.1
done
$C version >/dev/null 2>&1 || { echo "SKIP: containerd did not start here: $(tail -n 3 "$work/containerd.log" | tr '\n' ' ')"; exit 77; }
IMG=docker.io/library/hako-busybox:test
sh "$here/make-oci-archive.sh" "$ROOTFS" "$IMG" "$work/image.tar" || { echo "FAIL: make-oci-archive.sh"; exit 1; }
$C images import "$work/image.tar" >/dev/null || { echo "FAIL: ctr images import"; exit 1; }
mkdir -p "$work/vol"
cat >"$work/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF
rtpath() { if [ "$1" = hako ]; then echo "$HAKO"; else command -v runc; fi; }
# R RUNTIME [run options] IMAGE ID CMD...: a foreground `ctr run --rm`.
R() { local rt=$1; shift; $C run --rm --runc-binary "$(rtpath "$rt")" "$@" </dev/null; }
bg() { $C run -d --runc-binary "$(rtpath "$1")" $IMG "$2" sleep 100 >/dev/null; }
# rm_task ID: kills and removes a task and its container; prints ctr's exit-code warning.
rm_task() {
  $C task kill -s SIGKILL "$1" >/dev/null 2>&1
  for _ in $(seq 1 50); do $C task ls 2>/dev/null | grep -q "^$1 .*STOPPED" && break; sleep 0.1; done
  $C task rm "$1" 2>&1
  $C container rm "$1" >/dev/null 2>&1
}

case_run() { expect_eq "echo" "$(R "$1" $IMG "run-$1" echo hi 2>&1)" hi; }

# ctr exits 1 for any create failure; the message is what Docker and the CRI plugin match.
case_exit_codes() {
  local ok=0 out
  R "$1" $IMG "ec-$1" sh -c 'exit 0' || ok=1
  R "$1" $IMG "ec-$1" sh -c 'exit 1'
  expect_eq "exit 1" "$?" 1 || ok=1
  out=$(R "$1" $IMG "ec-$1" /no/such/bin 2>&1)
  expect_has "missing binary" "$out" 'exec: "/no/such/bin": stat /no/such/bin: no such file or directory' || ok=1
  expect_has "the runtime that failed" "$out" "$1 create failed" || ok=1
  out=$(R "$1" $IMG "ec-$1" /etc/passwd 2>&1)
  expect_has "non-executable file" "$out" 'exec: "/etc/passwd": permission denied' || ok=1
  $C container rm "ec-$1" >/dev/null 2>&1
  return $ok
}

case_exec() {
  local n=ex-$1 ok=0
  bg "$1" "$n" || return 1
  expect_eq "exec output" "$($C task exec --exec-id e1 "$n" sh -c 'echo exec-ok')" exec-ok || ok=1
  $C task exec --exec-id e2 "$n" sh -c 'exit 3'
  expect_eq "exec exit status" "$?" 3 || ok=1
  rm_task "$n" >/dev/null
  return $ok
}

case_exec_tty() {
  command -v script >/dev/null || { echo "script (util-linux) missing: no pty to drive ctr task exec -t"; return 77; }
  local n=et-$1 ok=0 out
  bg "$1" "$n" || return 1
  out=$(timeout 20 script -qec "$C task exec -t --exec-id e1 $n sh -c 'tty; exit 4'" /dev/null 2>&1)
  expect_eq "ctr task exec -t exit status" "$?" 4 || ok=1
  expect_has "ctr task exec -t tty" "$out" /dev/pts/ || ok=1
  rm_task "$n" >/dev/null
  return $ok
}

case_run_tty() {
  command -v script >/dev/null || { echo "script (util-linux) missing: no pty to drive ctr run -t"; return 77; }
  expect_has "ctr run -t tty" \
    "$(timeout 20 script -qec "$C run --rm -t --runc-binary $(rtpath "$1") $IMG rt-$1 tty" /dev/null 2>&1)" /dev/pts/0
}

case_kill() {
  local n=k-$1 ok=0 pid
  $C run --rm --runc-binary "$(rtpath "$1")" $IMG "$n" sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done' </dev/null &
  pid=$!
  for _ in $(seq 1 50); do $C task ls 2>/dev/null | grep -q "^$n .*RUNNING" && break; sleep 0.1; done
  sleep 0.2
  $C task kill "$n"  # SIGTERM
  wait "$pid"
  expect_eq "exit status after SIGTERM (trapped)" "$?" 7 || ok=1
  bg "$1" "$n" || return 1
  expect_has "exit status after SIGKILL" "$(rm_task "$n")" "exit code 137" || ok=1
  return $ok
}

case_pause() {
  local n=pa-$1 ok=0
  bg "$1" "$n" || return 1
  $C task pause "$n" || ok=1
  expect_has "status while paused" "$($C task ls | grep "^$n ")" PAUSED || ok=1
  $C task resume "$n" || ok=1
  expect_eq "exec after resume" "$($C task exec --exec-id e1 "$n" echo back)" back || ok=1
  rm_task "$n" >/dev/null
  return $ok
}

case_update() { echo "ctr 1.6 has no \`tasks update\` command (the Docker and Podman tests cover update)"; return 77; }

case_oom() {
  local ok=0 ep
  $C events >"$work/events-$1" 2>&1 &
  ep=$!
  R "$1" --memory-limit 33554432 $IMG "oom-$1" sh -c 'tail /dev/zero' >/dev/null 2>&1
  expect_eq "exit status" "$?" 137 || ok=1
  sleep 0.3
  kill "$ep"
  wait "$ep" 2>/dev/null
  expect_has "events" "$(grep /tasks/oom "$work/events-$1")" /tasks/oom || ok=1
  return $ok
}

case_read_only() {
  expect_eq "touch / on --read-only" "$(R "$1" --read-only $IMG "ro-$1" sh -c 'touch /x 2>&1; echo rc=$?')" \
    "touch: /x: Read-only file system
rc=1"
}

case_volume() {
  local ok=0
  R "$1" --mount "type=bind,src=$work/vol,dst=/data,options=rbind:rw" $IMG "vol-$1" sh -c "echo vol-$1 > /data/f-$1" || ok=1
  expect_eq "file written through the bind mount" "$(cat "$work/vol/f-$1" 2>&1)" "vol-$1" || ok=1
  expect_has "write to an ro bind" \
    "$(R "$1" --mount "type=bind,src=$work/vol,dst=/data,options=rbind:ro" $IMG "vol-$1" touch /data/g 2>&1)" "Read-only file system" || ok=1
  return $ok
}

# ctr 1.6 has no --user; the user case is a user namespace (--uidmap/--gidmap). The shim's
# options name the runtime binary that ran it.
case_user() {
  local n=us-$1 ok=0
  $C run -d --runc-binary "$(rtpath "$1")" --uidmap 0:100000:65536 --gidmap 0:100000:65536 $IMG "$n" sleep 100 >/dev/null || return 1
  expect_has "runtime binary in the shim options" \
    "$($C container info "$n" | sed -n 's/.*"value": "\(.*\)".*/\1/p' | base64 -d | tr -c '[:print:]' ' ')" "$(rtpath "$1")" || ok=1
  expect_eq "uid map and uid" "$($C task exec --exec-id e1 "$n" sh -c 'cat /proc/self/uid_map; id -u' | tr -s ' ' | tr '\n' '|')" \
    " 0 100000 65536|0|" || ok=1
  rm_task "$n" >/dev/null
  return $ok
}

case_caps() {
  local ok=0
  expect_eq "CapEff --cap-drop CAP_NET_RAW" "$(R "$1" --cap-drop CAP_NET_RAW $IMG "cap-$1" grep CapEff /proc/self/status | cap_eff)" 00000000a80405fb || ok=1
  expect_eq "CapEff --cap-add CAP_NET_ADMIN" "$(R "$1" --cap-add CAP_NET_ADMIN $IMG "cap-$1" grep CapEff /proc/self/status | cap_eff)" 00000000a80435fb || ok=1
  return $ok
}

case_seccomp() {
  expect_eq "mkdir under a profile denying it" \
    "$(R "$1" --seccomp --seccomp-profile "$work/seccomp.json" $IMG "sc-$1" sh -c 'mkdir /tmp/d 2>&1; echo rc=$?')" \
    "mkdir: can't create directory '/tmp/d': Operation not permitted
rc=1"
}

for c in run exit_codes exec exec_tty run_tty kill pause update oom read_only volume user caps seccomp; do
  run_case "$c"
done
print_summary ctr || { tail -n 20 "$work/containerd.log"; echo "FAIL: ctr run --runc-binary hako"; exit 1; }
echo "PASS: ctr run --runc-binary hako (every case as with runc)"
