# Profile v2: pure cgroup v2 with every controller the kernel has enabled in the root (sourced
# by guest.sh; PID 1 is this shell, the userland is the host's over 9p).
mount -t cgroup2 -o nsdelegate none /sys/fs/cgroup
ctrls=$(cat /sys/fs/cgroup/cgroup.controllers)
for c in $ctrls; do echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control; done
echo "cgroup2 controllers: $ctrls; enabled: $(cat /sys/fs/cgroup/cgroup.subtree_control)"

# Rootless with a delegated subtree, as systemd's Delegate=yes hands user@UID.service to a user:
# a user hako-rl (uid 2000, subordinate ids 200000-265535) added through copies of /etc's files
# bound over the host's (read-only over 9p), and a cgroup hako-rl.slice whose directory,
# cgroup.procs, cgroup.threads and cgroup.subtree_control it owns. Root moves the user's shell
# into hako-rl.slice/shell; the user runs `hako --root` rootless with memory and pids limits, and
# the container's cgroup (a sibling of shell: relative cgroupsPath, runc fs2) must carry them.
rl_uid=2000
rl_dir=/tmp/hako-rl
rl_cg=/sys/fs/cgroup/hako-rl.slice
add_rootless_user() {
  for f in passwd group subuid subgid; do
    if [ -f "/etc/$f" ]; then cp "/etc/$f" "/run/$f"; else : > "/run/$f"; fi
  done
  echo "hako-rl:x:$rl_uid:$rl_uid:hako rootless test:$rl_dir:/bin/sh" >> /run/passwd
  echo "hako-rl:x:$rl_uid:" >> /run/group
  echo "hako-rl:200000:65536" >> /run/subuid
  echo "hako-rl:200000:65536" >> /run/subgid
  for f in passwd group subuid subgid; do
    [ -f "/etc/$f" ] || { echo "/etc/$f missing on the host: cannot bind over it"; return 1; }
    mount --bind "/run/$f" "/etc/$f" || return 1
  done
  id hako-rl && ls -l "$(command -v newuidmap)" "$(command -v newgidmap)"
  mkdir -p "$rl_dir/bundle" && chown -R "$rl_uid:$rl_uid" "$rl_dir" && chmod 0700 "$rl_dir"
  mkdir "$rl_cg" || return 1
  chown "$rl_uid:$rl_uid" "$rl_cg" "$rl_cg/cgroup.procs" "$rl_cg/cgroup.threads" \
    "$rl_cg/cgroup.subtree_control"
}
# /usr/bin/setpriv: busybox sh runs its own (smaller) setpriv applet before $PATH.
as_rl() {
  /usr/bin/setpriv --reuid=$rl_uid --regid=$rl_uid --clear-groups \
    env -i PATH=/usr/bin:/bin HOME=$rl_dir XDG_RUNTIME_DIR=$rl_dir/xdg "$@"
}
# In the user's bundle, as the user: a rootless config with limits, then `hako run`.
rootless_run() {
  cd "$rl_dir/bundle" && as_rl "$BUILD/runtime/hako" spec --rootless || return 1
  # The user's own id plus its subordinate range (newuidmap/newgidmap); limits in its subtree.
  as_rl python3 - "$BUILD/test-rootfs" <<'PY' || return 1
import json, sys
c = json.load(open("config.json"))
c["root"] = {"path": sys.argv[1], "readonly": True}
c["process"]["terminal"] = False
c["process"]["args"] = ["sh", "-c",
    "cat /proc/self/cgroup; id -u; cat /proc/self/uid_map; "
    "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; "
    "(for i in $(seq 40); do sleep 2 & done) 2>/dev/null; echo forking 40: exit $?"]
for m in ("uidMappings", "gidMappings"):
    c["linux"][m] = [c["linux"][m][0], {"containerID": 1, "hostID": 200000, "size": 65536}]
c["linux"]["resources"] = {"memory": {"limit": 64 << 20}, "pids": {"limit": 32}}
json.dump(c, open("config.json", "w"), indent=2)
PY
  as_rl "$BUILD/runtime/hako" --root "$rl_dir/state" run rl1 > "$rl_dir/out" 2>&1
  rc=$?
  cat "$rl_dir/out"
  return $rc
}
rootless_delegated() {
  [ -d "$rl_cg" ] || { echo "no delegated cgroup (step rootless-user failed)"; return 1; }
  as_rl mkdir -p "$rl_cg/shell" "$rl_dir/xdg" || return 1
  echo $$ > "$rl_cg/shell/cgroup.procs" || return 1  # root moves the user's session in
  rootless_run
  rc=$?
  cd / && echo $$ > /sys/fs/cgroup/cgroup.procs  # back to the root cgroup, also on failure
  [ "$rc" = 0 ] || { echo "hako run (or its set-up) exited $rc"; return 1; }
  ok=0
  grep -qx '0::/hako-rl.slice/rl1' "$rl_dir/out" || { echo "not in the delegated subtree"; ok=1; }
  grep -qx '67108864' "$rl_dir/out" || { echo "memory.max is not 64 MiB"; ok=1; }
  grep -qx '32' "$rl_dir/out" || { echo "pids.max is not 32"; ok=1; }
  grep -Eq '^ *1 +200000 +65536' "$rl_dir/out" || { echo "no subordinate range in uid_map"; ok=1; }
  grep -qx 'forking 40: exit 0' "$rl_dir/out" && { echo "pids.max 32 did not stop 40 forks"; ok=1; }
  [ -d "$rl_cg/rl1" ] && { echo "cgroup $rl_cg/rl1 left behind"; ok=1; }
  return $ok
}

steps() {
  step kernel-v2 gtest "$BUILD/runtime/cgroups/cgroups_kernel_test" 'KernelV2.*'
  step integration-cgroups-v2 gtest "$BUILD/tests/integration/integration_test" 'CgroupsV2Test.*'
  # The driver-independent verbs and the lifecycle on a v2 host.
  step integration-verbs gtest "$BUILD/tests/integration/integration_test" \
    'CgroupsVerbsTest.*:LifecycleTest.*:ProcessTest.*:ExecTest.*'
  step conformance-cgroups-v2 conformance 'youki_cgroup_v2_cpu'
  # The i386 branch of the stitched seccomp program: the project VMs trap int $0x80 (a skip on
  # the host), Debian's kernel under qemu runs it.
  step seccomp-i386 gtest "$BUILD/runtime/seccomp/seccomp_test" 'Stitch.DispatchesI386ToItsOwnProgram'
  # The runtime-tools cgroup programs (and those ported onto their checks: youki_update,
  # delete_resources) read cgroup v1 files only, as upstream's (its cgroups.CgroupV2 answers
  # "unimplemented yet"): each must be blocked for want of cgroup v1 (a skip).
  step conformance-cgroups-v1-only conformance_blocked \
    'linux_cgroups_*,youki_update,delete_resources,delete_only_create_resources' 'cgroup v1'
  step rootless-user add_rootless_user
  step rootless-delegated rootless_delegated
  step integration-rootless gtest "$BUILD/tests/integration/integration_test" 'RootlessTest.*'
}
