#!/bin/busybox sh
# /init of the harness's initramfs (busybox only). Loads the virtio, 9p and ext4 modules the
# kernel package builds as modules, then switches to the profile's real root:
#   hako.root=host  a tmpfs root whose /usr, /etc and repository are the host's (virtio-9p,
#                   read-only); stage 2 is /job/guest.sh (the harness's job directory, 9p).
#   hako.root=disk  /dev/vda (an ext4 image: a Debian root filesystem); its own /sbin/init
#                   (systemd) runs the job through the hako-vm.service unit in the image.
# pivot_root(2) cannot leave an initramfs root, so containers need this switch_root first.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
fail() { echo "vm-init: $*"; echo "block devices: $(ls /sys/class/block 2>&1)"; dmesg | tail -n 5; lsmod | cut -d' ' -f1 | tr '\n' ' '; echo; echo "HAKO-VM-EXIT: 125"; echo o > /proc/sysrq-trigger; sleep 60; }
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
for m in $(cat /etc/modules-load); do modprobe "$m" || fail "modprobe $m"; done
mode=$(arg hako.root)
repo=$(arg hako.repo)
ninep="trans=virtio,version=9p2000.L,msize=262144"
mkdir -p /newroot
case $mode in
  host)
    mount -t tmpfs -o mode=0755,size=60% tmpfs /newroot || fail "tmpfs root"
    cd /newroot
    mkdir -p usr etc proc sys dev tmp run job root "./$repo"
    ln -s usr/bin bin; ln -s usr/sbin sbin; ln -s usr/lib lib; ln -s usr/lib64 lib64
    mount -t 9p -o "$ninep,ro,cache=loose" usr usr || fail "9p usr"
    mount -t 9p -o "$ninep,ro,cache=loose" etc etc || fail "9p etc"
    mount -t 9p -o "$ninep,ro,cache=loose" repo "./$repo" || fail "9p repo"
    mount -t 9p -o "$ninep" job job || fail "9p job"
    cd /
    umount /proc /sys /dev
    exec switch_root /newroot /usr/bin/busybox sh /job/guest.sh
    ;;
  disk)
    i=0
    while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done  # async probe
    mount -t ext4 /dev/vda /newroot || fail "mount /dev/vda"
    umount /proc /sys /dev
    exec switch_root /newroot /sbin/init
    ;;
esac
fail "unknown hako.root=$mode"
