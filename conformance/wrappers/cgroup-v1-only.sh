#!/bin/sh
# Runs "$@" (a runtime and its arguments) in a private mount namespace without the cgroup2
# mount at /sys/fs/cgroup/unified, so a runtime that refuses hybrid hierarchies (crun 1.8:
# "cgroups in hybrid mode not supported") sees pure cgroup v1 (docs/design/test-host.md).
# Usage: hako-conformance --runtime crun --wrap conformance/wrappers/cgroup-v1-only.sh
exec unshare -m sh -c 'mount --make-rprivate / && { umount /sys/fs/cgroup/unified 2>/dev/null || true; } && exec "$@"' sh "$@"
