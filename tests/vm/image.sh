# The disk images of the systemd-based profiles (sourced by profiles/NAME.image, which run.sh
# sources with $cache, $here, $kdir, $profile, skip, log): a Debian 12 root filesystem from the
# archive via mmdebstrap, systemd as PID 1, and hako-vm.service, which mounts the job directory
# (virtio-9p) and runs guest.sh once the system is up. Built once into an ext4 image
# (mke2fs -d) in the cache; the guest writes to a qemu snapshot, so the image stays as built.
#
#   vm_image NAME PACKAGES [HOOK]
# sets $image to $cache/NAME.img, building it when it is missing or when PACKAGES, this file or
# the profile's .image file changed. PACKAGES: comma-separated, added to $vm_base_pkgs by the
# caller as it needs. HOOK: a shell function called with the unpacked root directory before
# mke2fs (e.g. to disable a service that must not start at boot).

# What every systemd guest has: systemd and dbus as PID 1's company, the tools the steps use.
vm_base_pkgs="systemd,systemd-sysv,dbus,iproute2,kmod,procps,util-linux,libcap2-bin,strace"

vm_image() {
  vm_name=$1 vm_pkgs=$2 vm_hook=${3:-}
  image=$cache/$vm_name.img
  image_stamp=$(printf '%s\n' "$vm_pkgs" | cat - "$here/image.sh" "$here/profiles/$profile.image" | md5sum | cut -c1-12)
  [ -f "$image" ] && [ "$(cat "$image.stamp" 2>/dev/null)" = "$image_stamp" ] && return 0
  [ "${HAKO_VM_NO_IMAGE_BUILD:-0}" = 1 ] &&
    skip "image $image not cached and no time left in the budget to build it (75-270 s); run tests/vm/run.sh $profile once"
  command -v mmdebstrap >/dev/null || skip "mmdebstrap not installed (Debian package mmdebstrap)"
  command -v mke2fs >/dev/null || skip "mke2fs not installed (Debian package e2fsprogs)"
  log "building $image with mmdebstrap (Debian 12, $vm_pkgs)"
  vm_t0=$(date +%s)
  rootdir=$(mktemp -d "$cache/rootfs.XXXXXX")
  mmdebstrap --quiet --variant=minbase --include="$vm_pkgs" bookworm "$rootdir" \
    http://deb.debian.org/debian || { rm -rf "$rootdir"; skip "mmdebstrap could not build the Debian 12 root filesystem"; }
  cp -a "$kdir/lib/modules/." "$rootdir/lib/modules/"
  echo hako-vm > "$rootdir/etc/hostname"
  : > "$rootdir/etc/fstab"
  cat > "$rootdir/etc/systemd/system/hako-vm.service" <<'UNIT'
[Unit]
Description=hako VM test job
After=multi-user.target dbus.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'mkdir -p /job && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 job /job && exec sh /job/guest.sh'
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/hako-vm.service "$rootdir/etc/systemd/system/multi-user.target.wants/hako-vm.service"
  # Nothing else on the console: no getty, no network configuration to wait for.
  ln -sf /dev/null "$rootdir/etc/systemd/system/serial-getty@ttyS0.service"
  ln -sf /dev/null "$rootdir/etc/systemd/system/getty@tty1.service"
  ln -sf /dev/null "$rootdir/etc/systemd/system/systemd-networkd-wait-online.service"
  [ -n "$vm_hook" ] && "$vm_hook" "$rootdir"
  rm -f "$image.tmp"
  mke2fs -q -F -t ext4 -L hako-vm -d "$rootdir" "$image.tmp" 2G >/dev/null
  rm -rf "$rootdir"
  mv "$image.tmp" "$image" && echo "$image_stamp" > "$image.stamp"
  log "built $image in $(($(date +%s) - vm_t0)) s"
}
