# Profile v2: pure cgroup v2 with every controller the kernel has enabled in the root (sourced
# by guest.sh; PID 1 is this shell, the userland is the host's over 9p).
mount -t cgroup2 -o nsdelegate none /sys/fs/cgroup
ctrls=$(cat /sys/fs/cgroup/cgroup.controllers)
for c in $ctrls; do echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control; done
echo "cgroup2 controllers: $ctrls; enabled: $(cat /sys/fs/cgroup/cgroup.subtree_control)"

steps() {
  step kernel-v2 gtest "$BUILD/runtime/cgroups/cgroups_kernel_test" 'KernelV2.*'
  step integration-cgroups-v2 gtest "$BUILD/tests/integration/integration_test" 'CgroupsV2Test.*'
  # The driver-independent verbs and the lifecycle on a v2 host.
  step integration-verbs gtest "$BUILD/tests/integration/integration_test" \
    'CgroupsVerbsTest.*:LifecycleTest.*:ProcessTest.*:ExecTest.*'
}
