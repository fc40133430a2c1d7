# Profile v1: pure cgroup v1 (no cgroup2 mount): every hierarchy the kernel has, laid out as
# systemd's legacy mode does (cpu,cpuacct and net_cls,net_prio co-mounted, with symlinks), so
# hugetlb, net_cls and net_prio exist, unlike on the project's hybrid hosts. AppArmor is on
# (profiles/v1.cmdline: apparmor=1 security=apparmor) with Debian's apparmor_parser
# (profiles/v1.prepare puts it in /job/bin), and PID 1 has the kernel's full capability
# bounding set (CAP_SYS_RESOURCE included). A dummy interface eth0 is the second interface
# the net_prio cases need (the guest has no network device besides lo). A 16 MiB disk sda (8:0,
# virtio-scsi, profiles/v1.prepare) runs the BFQ scheduler, for the blkio weights.
export PATH=/job/bin:$PATH
mount -t securityfs securityfs /sys/kernel/security
mount -t tmpfs -o mode=0755 cgroup /sys/fs/cgroup
for c in $(awk '!/^#/ && $4 == 1 {print $1}' /proc/cgroups); do
  case $c in
    cpu|cpuacct) h=cpu,cpuacct ;;
    net_cls|net_prio) h=net_cls,net_prio ;;
    *) h=$c ;;
  esac
  [ -d "/sys/fs/cgroup/$h" ] && continue
  mkdir "/sys/fs/cgroup/$h" && mount -t cgroup -o "$h" cgroup "/sys/fs/cgroup/$h"
  [ "$h" = "$c" ] || for l in $(echo "$h" | tr , ' '); do ln -s "$h" "/sys/fs/cgroup/$l"; done
done
ip link add eth0 type dummy && ip link set eth0 up
# The disk (profiles/v1.prepare) with the BFQ scheduler, which gives blkio its weight files.
i=0
while [ ! -e /sys/block/sda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done  # async probe
[ -e /sys/block/sda ] && echo bfq > /sys/block/sda/queue/scheduler
echo "disk: sda $(cat /sys/block/sda/dev 2>/dev/null), scheduler $(cat /sys/block/sda/queue/scheduler 2>/dev/null)"
echo "cgroup v1 hierarchies: $(ls /sys/fs/cgroup | tr '\n' ' ')"
echo "AppArmor: enabled=$(cat /sys/module/apparmor/parameters/enabled), LSMs $(cat /sys/kernel/security/lsm); $(apparmor_parser --version | head -n 1)"
echo "bounding set: $(grep CapBnd /proc/self/status)"

# The profile runtime-tools' linux_process_apparmor_profile expects loaded: permissive, so the
# in-container checker runs; the program checks the label the kernel reports.
load_acme_profile() {
  apparmor_parser -r -K <<'PROFILE'
profile acme_secure_profile flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  unix,
  signal,
  ptrace,
  mount,
  umount,
  pivot_root,
}
PROFILE
  grep acme_secure_profile /sys/kernel/security/apparmor/profiles
}
steps() {
  step apparmor-load load_acme_profile
  step integration-apparmor gtest "$BUILD/tests/integration/integration_test" 'AppArmorTest.*'
  step conformance-blocked conformance \
    'linux_process_apparmor_profile,process_capabilities,linux_cgroups_hugetlb,linux_cgroups_relative_hugetlb,youki_huge_tlb,linux_cgroups_network,linux_cgroups_relative_network'
  step conformance-cgroups-v1 conformance \
    'linux_cgroups_memory,linux_cgroups_pids,linux_cgroups_cpus,linux_cgroups_devices,linux_cgroups_relative_memory,linux_cgroups_relative_pids,linux_cgroups_relative_cpus,linux_cgroups_relative_devices,youki_update'
  # blkio on the BFQ disk: the programs need CFQ's blkio.weight and leaf weights (a skip).
  step conformance-blkio conformance_blocked 'linux_cgroups_blkio,linux_cgroups_relative_blkio' \
    'BFQ, the scheduler of 8:0 here'
  step kernel-v1 gtest "$BUILD/runtime/cgroups/cgroups_kernel_test" 'KernelV1.*'
  # The verbs on the co-mounted layout (the project's hosts mount cpu and cpuacct apart).
  step integration-verbs gtest "$BUILD/tests/integration/integration_test" \
    'CgroupsVerbsTest.*:LifecycleTest.*:ProcessTest.*:ExecTest.*'
}
