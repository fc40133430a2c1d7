#!/bin/sh
# ctest "conformance" label: a few fast programs of both groups against runc, to prove the
# harness works end to end (bundle, create/start/state/kill/delete, runtimetest, hooks, TAP,
# verdicts). Exit 77 (skipped) without root or runc.
set -eu
runner=${1:?usage: integration-runc.sh HAKO_CONFORMANCE}
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 77; }
command -v runc >/dev/null 2>&1 || { echo "skipped: runc is not installed"; exit 77; }
exec "$runner" --runtime runc --group all --jobs 2 \
  --filter 'default,create,state,kill_no_effect,pidfile,hooks,linux_cgroups_pids,youki_hello_world,youki_fd_control'
