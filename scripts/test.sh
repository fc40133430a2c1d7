#!/bin/sh
# The whole test run (root, after scripts/setup.sh): unit and integration tests through
# ctest, the conformance suite against hako, the Python tests, and the VM profiles
# (tests/vm/run-all.sh: pure cgroup v2 and systemd guests under qemu, within an 8-minute budget;
# skipped with the reason where qemu or Debian's kernel package is unavailable; docs/vm.md).
set -eu
cd "$(dirname "$0")/.."
[ -d build ] || { echo "test.sh: no build directory; run scripts/setup.sh first" >&2; exit 1; }
status=0
cmake --build build -j"$(nproc)" >/dev/null
( cd build && ctest --output-on-failure --timeout 600 -j1 ) || status=1
if [ -x scripts/test-conformance.sh ]; then scripts/test-conformance.sh || status=1; fi
if [ -d pybindings/tests ]; then
  /usr/bin/python3 -m pytest -q pybindings/tests || status=1
fi
if [ -x tests/vm/run-all.sh ]; then tests/vm/run-all.sh || status=1; fi
exit $status
