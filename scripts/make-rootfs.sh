#!/bin/sh
# Builds a minimal root filesystem from Debian's busybox-static (no registry exists here).
# Usage: scripts/make-rootfs.sh DEST   — DEST is created (or refreshed) in place.
set -eu
dest=${1:?usage: make-rootfs.sh DEST}
case $dest in /*) ;; *) dest=$(pwd)/$dest ;; esac
bb=/bin/busybox
[ -x "$bb" ] || { echo "make-rootfs.sh: $bb missing (apt-get install busybox-static)" >&2; exit 1; }
if ! file -L "$bb" 2>/dev/null | grep -q 'statically linked' && \
   ldd "$bb" >/dev/null 2>&1; then
  echo "make-rootfs.sh: $bb is not statically linked" >&2; exit 1
fi
mkdir -p "$dest"
cd "$dest"
mkdir -p bin sbin usr/bin usr/sbin etc dev proc sys tmp root home run var/tmp
chmod 1777 tmp var/tmp
cp -f "$bb" bin/busybox
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] && continue
  [ -e "bin/$applet" ] || ln -s busybox "bin/$applet"
done
cat > etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat > etc/group <<'GR'
root:x:0:
daemon:x:1:
bin:x:2:
tty:x:5:
audio:x:29:
users:x:100:
nogroup:x:65534:
GR
echo hako > etc/hostname
: > etc/resolv.conf
: > etc/hosts
touch "$dest/bin/busybox"
