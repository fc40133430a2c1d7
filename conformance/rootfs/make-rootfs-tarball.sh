#!/bin/sh
# Builds the conformance rootfs tarball (catalog A.2): a static busybox with its applet
# links in ./bin, empty ./dev ./proc ./sys, and the suite's ./etc/passwd and ./etc/group.
# There is deliberately no /tmp, /mnt or /usr: runtimes must create mount targets.
# Usage: make-rootfs-tarball.sh OUT.tar.gz
set -eu
out=${1:?usage: make-rootfs-tarball.sh OUT.tar.gz}
here=$(cd "$(dirname "$0")" && pwd)
bb=/bin/busybox
[ -x "$bb" ] || { echo "make-rootfs-tarball.sh: $bb missing (apt-get install busybox-static)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/dev" "$work/root/proc" "$work/root/sys" "$work/root/etc"
cp "$bb" "$work/root/bin/busybox"
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] && continue
  ln -s busybox "$work/root/bin/$applet"
done
cp "$here/passwd" "$work/root/etc/passwd"
cp "$here/group" "$work/root/etc/group"
chmod 0755 "$work/root" "$work/root/bin" "$work/root/dev" "$work/root/proc" "$work/root/sys" "$work/root/etc"
tar --numeric-owner --owner=0 --group=0 -czf "$out.tmp" -C "$work/root" .
mv "$out.tmp" "$out"
