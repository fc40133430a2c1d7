# Profile systemd: Debian 12 with systemd 252 as PID 1 (pure cgroup v2) and dbus; hako's
# systemd cgroup driver talks to it over /run/systemd/private with its own D-Bus client.
echo "$(systemctl --version | head -n 1); cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
steps() {
  step kernel-systemd gtest "$BUILD/runtime/cgroups/cgroups_kernel_test" 'KernelSystemd.*'
  step integration-systemd gtest "$BUILD/tests/integration/integration_test" 'SystemdCgroupTest.*'
}
