#!/bin/bash
# Podman drives hako through conmon: `podman --runtime HAKO run --rm ... echo hi` with private
# storage (vfs), the cgroupfs manager and the file events backend (no systemd here). Podman asks
# for RLIMIT_NOFILE 1048576 by default, above this machine's hard limit: the ulimits are given
# explicitly (docs/design/test-host.md). Exit 77 (ctest skip) with the reason when podman is
# missing.
set -u
HAKO=${1:?usage: podman_test.sh HAKO ROOTFS}
ROOTFS=${2:?usage: podman_test.sh HAKO ROOTFS}
command -v podman >/dev/null || { echo "SKIP: podman not installed (apt-get install podman)"; exit 77; }
work=$(mktemp -d /tmp/hako-podman.XXXXXX)
P="podman --root $work/store --runroot $work/run --storage-driver vfs --cgroup-manager cgroupfs --events-backend file --runtime $HAKO"
cleanup() {
  $P rm -af >/dev/null 2>&1
  umount -R "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
tar -C "$ROOTFS" -c . | $P import - hako-busybox:test >/dev/null 2>"$work/import.err" || {
  echo "SKIP: podman cannot import here: $(tail -n 2 "$work/import.err")"; exit 77; }
L="--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --net=none"
out=$($P run --rm $L hako-busybox:test echo hi 2>&1)
if [ "$out" != "hi" ]; then echo "FAIL: podman run printed: $out"; exit 1; fi
$P run --rm $L hako-busybox:test sh -c 'exit 5' >/dev/null 2>&1
code=$?
[ "$code" = 5 ] || { echo "FAIL: exit status $code, want 5"; exit 1; }
missing=$($P run --rm $L hako-busybox:test no-such-cmd >/dev/null 2>&1; echo $?)
[ "$missing" = 127 ] || { echo "FAIL: missing command gave $missing, want 127"; exit 1; }
echo "PASS: podman run with --runtime hako"
