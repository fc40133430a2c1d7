#!/bin/sh
# Run 5, `list` against its floor: N created containers for hako and for crun, then the CPU and
# wall time of `list` (table and JSON) of both and of list_floor.c over hako's root, 30 runs
# each, interleaved at random (list_cpu.py). From the repository's top directory, as root:
#   unshare -m sh -c 'mount --make-rprivate /; umount /sys/fs/cgroup/unified; sh docs/scale/run5/list_floor_run.sh 1000'
# (crun refuses hybrid cgroups otherwise). Leaves the containers: delete them with
#   hako --root /tmp/run5/hroot delete --force ID, crun --root /tmp/run5/croot delete --force ID.
set -eu
N=$1
here=$(cd "$(dirname "$0")" && pwd)
H=$(pwd)/build/runtime/hako
B=/tmp/run5/bundle
cc -O2 -o /tmp/run5/list_floor "$here/list_floor.c"
mkdir -p /tmp/run5/hroot /tmp/run5/croot
if [ ! -d $B/rootfs ]; then
  mkdir -p $B; scripts/make-rootfs.sh $B/rootfs >/dev/null
  (cd $B && $H spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"sleep", "100000"/' config.json)
fi
i=0
while [ $i -lt "$N" ]; do
  $H --root /tmp/run5/hroot create --bundle $B h$i </dev/null >/dev/null 2>&1
  crun --root /tmp/run5/croot create --bundle $B c$i </dev/null >/dev/null 2>&1
  i=$((i+1))
done
echo "hako $($H --root /tmp/run5/hroot list -q | wc -l) crun $(crun --root /tmp/run5/croot list -q | wc -l)"
/usr/bin/python3 "$here/list_cpu.py" 30 "$H --root /tmp/run5/hroot list" "crun --root /tmp/run5/croot list" \
  "$H --root /tmp/run5/hroot list --format json" "crun --root /tmp/run5/croot list --format json" \
  "/tmp/run5/list_floor /tmp/run5/hroot"
