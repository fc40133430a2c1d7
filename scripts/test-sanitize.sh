#!/bin/sh
# The unit and integration tests under AddressSanitizer and UBSan: builds build-asan with
# -DHAKO_SANITIZE=ON (hako linked dynamically, UB aborts) and runs the ctest labels unit and
# integration there. Every sanitizer report goes to build-asan/sanitizer-logs/ as well, so that a
# report from a hako run whose failure a test expected (bad input) still fails this script.
# Not part of scripts/test.sh: a second full build plus the suites take far longer than its budget.
# Usage: [HAKO_SANITIZE_TARGETS="spec_test state_test"] scripts/test-sanitize.sh [ctest arguments]
#   HAKO_SANITIZE_TARGETS  build only these targets (default: all); then pass -R to match them
set -eu
cd "$(dirname "$0")/.."
launcher=""
command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
mkdir -p build-asan
# shellcheck disable=SC2086
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHAKO_SANITIZE=ON \
  -DPython_EXECUTABLE=/usr/bin/python3 $launcher >build-asan/configure.log 2>&1 ||
  { cat build-asan/configure.log >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build build-asan -j"$(nproc)" --target ${HAKO_SANITIZE_TARGETS:-all} >build-asan/build.log 2>&1 || { tail -40 build-asan/build.log >&2; exit 1; }
logs=$PWD/build-asan/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
status=0
# Children inherit the options: every hako the tests run reports into $logs/<tool>.<pid>.
ASAN_OPTIONS="detect_leaks=1:log_path=$logs/asan:log_exe_name=1" \
UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan:log_exe_name=1" \
  ctest --test-dir build-asan -L 'unit|integration' --output-on-failure --timeout 900 -j1 "$@" || status=1
reports=$(find "$logs" -type f | wc -l)
echo "test-sanitize.sh: $reports sanitizer report(s) in $logs"
if [ "$reports" -ne 0 ]; then
  status=1
  for f in "$logs"/*; do grep -m3 -E 'ERROR|SUMMARY|runtime error' "$f" | sed "s|^|$(basename "$f"): |"; done >&2
fi
exit $status
