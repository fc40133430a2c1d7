#!/bin/sh
# Boots one VM test profile under qemu (software emulation: these machines have no KVM) and
# runs its steps inside; streams the guest's console and exits with the guest's status.
#   tests/vm/run.sh PROFILE [SCRIPT]   PROFILE: v2 | systemd | criu | v1 | docker (docs/vm.md); SCRIPT:
#                                      a shell file run in the profile's guest instead of its steps
# Everything comes from Debian's archive: the stock kernel package (the one linux-image-amd64
# depends on), and for disk profiles a root filesystem made with mmdebstrap. Both are cached in
# $HAKO_VM_CACHE (default /var/cache/hako-vm). The repository (hako, the test binaries, the
# busybox test rootfs) is shared into the guest read-only over virtio-9p at the same path.
# Exit: the guest's status; 77 (skip) when qemu or the kernel package is unavailable, with the
# reason on stdout; 124 when the guest did not finish within HAKO_VM_TIMEOUT seconds (default
# 300, counted from the start of this script). HAKO_VM_NO_IMAGE_BUILD=1: a disk profile whose
# image is not cached is skipped instead of built. HAKO_VM_MEM: the guest's memory in MiB
# (default 1024; a scale measurement with hundreds of containers needs more).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${HAKO_BUILD:-$repo/build}
cache=${HAKO_VM_CACHE:-/var/cache/hako-vm}
profile=${1:?usage: tests/vm/run.sh PROFILE (v2 | systemd | criu | v1 | docker)}
[ -f "$here/profiles/$profile.sh" ] || { echo "vm: unknown profile $profile" >&2; exit 2; }
timeout=${HAKO_VM_TIMEOUT:-300}  # for the whole script, downloads and image builds included
script_start=$(date +%s)
# Modules the initramfs loads (the kernel package builds them as modules), dependencies resolved
# from modules.dep. Order matters only in that modprobe pulls each one's dependencies first.
modules="virtio_pci virtio_blk 9pnet_virtio 9p crc32c_generic ext4"
# Profiles may need more (profiles/NAME.modules); all are loaded in every guest: cheap.
for extra in $(cat "$here/profiles/"*.modules 2>/dev/null); do modules="$modules $extra"; done

skip() { echo "vm: SKIP ($profile): $*"; exit 77; }
log() { echo "vm: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk "BEGIN{printf \"%.1f\", $2 - $1}"; }

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 not installed (Debian package qemu-system-x86)"
[ -x /bin/busybox ] || skip "/bin/busybox missing (Debian package busybox-static)"
[ -x "$build/runtime/hako" ] || { echo "vm: $build/runtime/hako not built" >&2; exit 2; }
mkdir -p "$cache"

# --- The kernel: vmlinuz and the modules listed above, unpacked once per kernel version.
kernel_pkg() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}'
}
prepare_kernel() {
  pkg=$(kernel_pkg)
  [ -n "$pkg" ] || skip "no kernel package: apt-cache does not know linux-image-amd64 (apt-get update?)"
  kver=${pkg#linux-image-}
  kdir=$cache/kernel-$kver
  [ -f "$kdir/vmlinuz" ] && [ "$(cat "$kdir/.complete" 2>/dev/null)" = "$modules" ] && return 0
  log "fetching $pkg from Debian's archive"
  mkdir -p "$cache/deb"
  if ! ls "$cache/deb/${pkg}_"*.deb >/dev/null 2>&1; then
    (cd "$cache/deb" && apt-get download "$pkg" >/dev/null 2>&1) ||
      skip "kernel package $pkg could not be downloaded (apt-get download $pkg)"
  fi
  tmp=$(mktemp -d "$cache/unpack.XXXXXX")
  dpkg-deb -x "$(ls "$cache/deb/${pkg}_"*.deb | head -n 1)" "$tmp"
  /bin/busybox depmod -b "$tmp" "$kver"
  rm -rf "$kdir" && mkdir -p "$kdir/lib/modules/$kver"
  cp "$tmp/boot/vmlinuz-$kver" "$kdir/vmlinuz"
  m=$tmp/lib/modules/$kver
  for name in $modules; do
    line=$(grep -E "(^|/)$name\.ko:" "$m/modules.dep") || { log "module $name not in $pkg"; exit 2; }
    for f in $(echo "$line" | tr -d ':'); do
      mkdir -p "$kdir/lib/modules/$kver/$(dirname "$f")"
      cp "$m/$f" "$kdir/lib/modules/$kver/$f"
    done
  done
  cp "$m/modules.builtin" "$m/modules.order" "$kdir/lib/modules/$kver/"
  /bin/busybox depmod -b "$kdir" "$kver"
  rm -rf "$tmp"
  echo "$modules" > "$kdir/.complete"
}

# --- The initramfs: busybox, the modules, tests/vm/init.sh as /init.
prepare_initrd() {
  initrd=$cache/initrd-$kver.gz
  stamp=$(cat "$here/init.sh" "$kdir/.complete" /bin/busybox | md5sum | cut -c1-12)
  [ -f "$initrd" ] && [ "$(cat "$initrd.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  t=$(mktemp -d)
  mkdir -p "$t/bin" "$t/proc" "$t/sys" "$t/dev" "$t/etc" "$t/lib"
  cp /bin/busybox "$t/bin/busybox"
  cp "$here/init.sh" "$t/init"
  cp -a "$kdir/lib/modules" "$t/lib/"
  echo "$modules" > "$t/etc/modules-load"
  (cd "$t" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd" && echo "$stamp" > "$initrd.stamp"
  rm -rf "$t"
}

prepare_kernel
prepare_initrd

job=$(mktemp -d /tmp/hako-vm-job.XXXXXX)
qpid=""
tpid=""
cleanup() {
  [ -n "$qpid" ] && kill -KILL "$qpid" 2>/dev/null || true
  [ -n "$tpid" ] && kill "$tpid" 2>/dev/null || true
  rm -rf "$job"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
printf 'REPO=%s\nBUILD=%s\nPROFILE=%s\n' "$repo" "$build" "$profile" > "$job/env"
cp "$here/guest.sh" "$job/guest.sh"
cp "$here/profiles/$profile.sh" "$job/profile.sh"
[ -n "${2:-}" ] && cp "$2" "$job/custom.sh"

ninep() { echo "-virtfs local,path=$1,mount_tag=$2,security_model=none,multidevs=remap$3"; }
root_mode=host
disk_args=""
if [ -f "$here/profiles/$profile.image" ]; then
  # A disk profile: the .image file builds its root filesystem (sourced with cache, kver, ...).
  . "$here/profiles/$profile.image"
  root_mode=disk
  disk_args="-drive file=$image,format=raw,if=virtio,snapshot=on"
fi
if [ -f "$here/profiles/$profile.prepare" ]; then
  # Host-side set-up of a profile (sourced with cache, job, skip, log): e.g. tools from Debian
  # packages that the host does not have, unpacked into the cache and copied into $job/bin, or
  # qemu options for a disk in $disk_args (v1: a small scratch disk).
  . "$here/profiles/$profile.prepare"
fi
if [ "${HAKO_VM_PREPARE_ONLY:-0}" = 1 ]; then
  # scripts/setup.sh: download and build what the profile boots, so the test run only boots.
  log "profile $profile prepared in $cache"
  exit 0
fi
timeout=$((timeout - ($(date +%s) - script_start)))
[ "$timeout" -ge 20 ] || { log "no time left to boot (HAKO_VM_TIMEOUT)"; exit 124; }
# Profiles may add kernel parameters (profiles/NAME.cmdline, one line).
cmdline_extra=$(cat "$here/profiles/$profile.cmdline" 2>/dev/null || true)
log "booting profile $profile (kernel $kver, TCG, timeout ${timeout}s)"
console=$job/console.log
: > "$console"
t0=$(now)
# shellcheck disable=SC2046
qemu-system-x86_64 -machine q35 -cpu max -m "${HAKO_VM_MEM:-1024}" -smp 2 -nodefaults -no-reboot \
  -display none -monitor none -serial "file:$console" \
  -kernel "$kdir/vmlinuz" -initrd "$initrd" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1 no_timer_check hako.root=$root_mode hako.repo=$repo systemd.show_status=false $cmdline_extra" \
  $(ninep /usr usr ,readonly=on) $(ninep /etc etc ,readonly=on) $(ninep "$repo" repo ,readonly=on) \
  $(ninep "$job" job "") $disk_args </dev/null >"$job/qemu.err" 2>&1 &
qpid=$!
tail -n +1 -f --pid="$qpid" "$console" &
tpid=$!
deadline=$(($(date +%s) + timeout))
while kill -0 "$qpid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "timeout after ${timeout}s: killing qemu (pid $qpid)"
    kill -TERM "$qpid" 2>/dev/null; sleep 2; kill -KILL "$qpid" 2>/dev/null || true
    break
  fi
  sleep 0.5
done
wait "$qpid" 2>/dev/null || true
qpid=""
t1=$(now)
wait "$tpid" 2>/dev/null || true  # tail exits within a second of qemu, after the last line
tpid=""
[ -s "$job/qemu.err" ] && cat "$job/qemu.err" >&2
out=$(tr -d '\r' < "$console")
ready=$(echo "$out" | sed -n 's/^HAKO-VM-READY: \([0-9.]*\) s.*/\1/p' | head -n 1)
status=$(echo "$out" | sed -n 's/^HAKO-VM-EXIT: \([0-9]*\).*/\1/p' | tail -n 1)
summary=$(echo "$out" | grep '^HAKO-VM-SUMMARY' | tail -n 1 || true)
total=$(elapsed "$t0" "$t1")
log "profile $profile: wall ${total} s, guest ready at ${ready:-?} s (guest clock), ${summary#HAKO-VM-SUMMARY: }"
# The failure digest: what failed and why, in a few lines (CI shows only the end of a long log:
# run-all.sh prints every profile's digest last, from $HAKO_VM_DIGEST).
if [ "${status:-1}" != 0 ]; then
  digest=$(echo "$out" | grep -E '^=== FAIL|: got \[.*\], want \[|^--- .*: FAIL|^\[  FAILED  \]|Failure$|^vm: ' |
    grep -v '^\[  FAILED  \] .*listed below' | tail -n 40)
  [ -n "$status" ] || digest="$digest
(no exit status: last console lines)
$(echo "$out" | tail -n 15)"
  printf 'vm: profile %s failed:\n%s\n' "$profile" "$(echo "$digest" | sed 's/^/  /')" |
    tee -a "${HAKO_VM_DIGEST:-/dev/null}" >&2
fi
if [ -z "$status" ]; then
  log "profile $profile: the guest printed no exit status (timeout or crash)"
  exit 124
fi
exit "$status"
