#!/bin/sh
# The whole test run (root, after scripts/setup.sh): unit and integration tests through
# ctest, the conformance suite against hako, the fuzz targets, README.md's examples, the
# Python tests, and the VM profiles (tests/vm/run-all.sh: pure cgroup v2, systemd, CRIU,
# Docker-with-systemd and v1 + AppArmor guests under qemu, within a 12-minute budget;
# skipped with the reason where qemu or Debian's kernel package is unavailable; docs/vm.md).
set -eu
cd "$(dirname "$0")/.."
[ -d build ] || { echo "test.sh: no build directory; run scripts/setup.sh first" >&2; exit 1; }
status=0
failed=""
# fail PART: records a failed part; the last line of the run names them all (CI shows the end).
fail() { status=1; failed="$failed $1"; }
/usr/bin/python3 scripts/check-citations.py || fail citations
cmake --build build -j"$(nproc)" >/dev/null
( cd build && ctest --output-on-failure --timeout 600 -j1 ) || fail ctest
if [ -x scripts/test-conformance.sh ]; then scripts/test-conformance.sh || fail conformance; fi
scripts/check_sizes.py || fail sizes
# The libFuzzer targets for config.json and state.json, 60 s each, in build-fuzz (clang).
rc=0; scripts/fuzz.sh || rc=$?
case $rc in 0) ;; 77) echo "test.sh: fuzzing skipped (see above)" ;; *) fail fuzz ;; esac
# README.md's examples, pasted in order (about 1 s).
rc=0; scripts/test-readme.sh || rc=$?
case $rc in 0) ;; 77) echo "test.sh: README examples skipped (see above)" ;; *) fail readme ;; esac
if [ -d pybindings/tests ]; then
  /usr/bin/python3 -m pytest -q pybindings/tests tests/scripts || fail pytest
fi
if [ -x tests/vm/run-all.sh ]; then tests/vm/run-all.sh || fail vm; fi
if [ "$status" = 0 ]; then echo "test.sh: all parts passed"; else echo "test.sh: FAILED:$failed"; fi
exit $status
