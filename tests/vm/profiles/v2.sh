# Profile v2: pure cgroup v2 with every controller enabled (sourced by guest.sh; PID 1 is sh).
mount -t cgroup2 -o nsdelegate none /sys/fs/cgroup
ctrls=$(cat /sys/fs/cgroup/cgroup.controllers)
for c in $ctrls; do echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control; done
echo "cgroup2 controllers: $ctrls; enabled: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
step smoke "$BUILD/runtime/hako" --version
