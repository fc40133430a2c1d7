#!/bin/sh
# Packs a root filesystem directory into an OCI image archive (one uncompressed layer) that
# `ctr images import` accepts, since there is no registry here.
# Usage: make-oci-archive.sh ROOTFS NAME OUT.tar   (NAME e.g. docker.io/library/hako-busybox:test)
set -eu
rootfs=${1:?usage: make-oci-archive.sh ROOTFS NAME OUT.tar}
name=${2:?usage: make-oci-archive.sh ROOTFS NAME OUT.tar}
out=${3:?usage: make-oci-archive.sh ROOTFS NAME OUT.tar}
tmp=$(mktemp -d /tmp/hako-oci.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/blobs/sha256"
# blob FILE: moves FILE into blobs/ under its digest and prints "DIGEST SIZE".
blob() {
  d=$(sha256sum "$1" | cut -d' ' -f1)
  s=$(stat -c %s "$1")
  mv "$1" "$tmp/blobs/sha256/$d"
  echo "$d $s"
}
tar -C "$rootfs" --numeric-owner -cf "$tmp/layer" .
set -- $(blob "$tmp/layer")
layer=$1 layer_size=$2
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$layer" >"$tmp/config"
set -- $(blob "$tmp/config")
config=$1 config_size=$2
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" >"$tmp/manifest"
set -- $(blob "$tmp/manifest")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$1" "$2" "$name" "${name##*:}" >"$tmp/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$tmp/oci-layout"
tar -C "$tmp" -cf "$out" oci-layout index.json blobs
