# Profile criu: the v2 guest (host userland over 9p, pure cgroup v2) with what `criu check`
# needs: lo up, devpts, the netfilter modules (profiles/criu.modules) for network locking, and
# nf_conntrack_netlink: criu dumps and restores every network namespace's conntrack table over
# nfnetlink, and without that subsystem the kernel answers -EINVAL (docs/vm.md).
mount -t cgroup2 -o nsdelegate none /sys/fs/cgroup
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control; done
echo "criu: $(criu --version 2>&1 | head -n 1)"

criu_check() { criu check; }
no_criu() { echo "criu is not installed on the host (Debian package criu)"; return 77; }
steps() {
  if ! command -v criu >/dev/null; then step criu-check no_criu; return; fi
  step criu-check criu_check
  step integration-checkpoint gtest "$BUILD/tests/integration/integration_test" 'CheckpointTest.*'
  step conformance-checkpoint conformance 'youki_checkpoint_restore,youki_lifecycle'
}
