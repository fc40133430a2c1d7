#!/bin/sh
# The VM part of scripts/test.sh: every profile in HAKO_VM_PROFILES (default all five: "v2
# systemd criu docker v1"; docs/vm.md), one after the other, within HAKO_VM_BUDGET
# seconds in total (default 720: 12 minutes on 2 cores, room for load average ~20).
# Each profile's timeout is what is left of the budget; a disk image that is not cached is built
# only when HAKO_VM_IMAGE_BUDGET seconds (default 300) are left, else that profile is skipped. A profile that cannot run here (no qemu,
# no kernel package, no mmdebstrap) is reported as skipped with its reason and does not fail the
# run; a failed or timed-out profile does. HAKO_VM=0 skips the whole part.
set -u
here=$(cd "$(dirname "$0")" && pwd)
budget=${HAKO_VM_BUDGET:-720}
profiles=${HAKO_VM_PROFILES:-v2 systemd criu docker v1}
if [ "${HAKO_VM:-1}" = 0 ]; then echo "vm: SKIP: HAKO_VM=0"; exit 0; fi
start=$(date +%s)
status=0
# Each failed profile appends its failure digest here (run.sh); printed again at the end.
HAKO_VM_DIGEST=$(mktemp /tmp/hako-vm-digest.XXXXXX)
export HAKO_VM_DIGEST
trap 'rm -f "$HAKO_VM_DIGEST"' EXIT
results=""
for p in $profiles; do
  left=$((budget - ($(date +%s) - start)))
  if [ "$left" -lt 30 ]; then
    results="$results $p=not-run(budget)"; status=1
    echo "vm: profile $p not run: ${budget}s budget used up" >&2
    continue
  fi
  # Building a disk image (mmdebstrap) takes 75-270 s here: only with enough budget left.
  no_build=0
  [ "$left" -lt "${HAKO_VM_IMAGE_BUDGET:-300}" ] && no_build=1
  t0=$(date +%s)
  HAKO_VM_NO_IMAGE_BUILD=$no_build HAKO_VM_TIMEOUT=$left "$here/run.sh" "$p"
  rc=$?
  dt=$(($(date +%s) - t0))
  case $rc in
    0) results="$results $p=pass(${dt}s)" ;;
    77) results="$results $p=skip" ;;
    *) results="$results $p=FAIL(rc=$rc,${dt}s)"; status=1 ;;
  esac
done
[ -s "$HAKO_VM_DIGEST" ] && cat "$HAKO_VM_DIGEST"
echo "vm: profiles:$results; total $(($(date +%s) - start)) s of ${budget} s"
exit $status
