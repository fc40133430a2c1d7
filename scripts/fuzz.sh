#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz and runs each for a
# bounded time. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 60 (or $HAKO_FUZZ_SECONDS); 0 builds the targets and runs none
#   TARGET              config_fuzzer state_fuzzer (default: both)
# New inputs go to build-fuzz/corpus/<name>/ (the committed seeds in tests/fuzz/corpus/<name>/
# are read, never written); a crash, leak, timeout or broken property leaves its input in
# build-fuzz/artifacts/<name>/ and makes the script fail. To keep an input as a regression
# test, copy it into tests/fuzz/corpus/<name>/ (fuzz_corpus_test replays it in every build).
# Exit status: 0 no finding, 1 a finding, 77 no clang (nothing was run).
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-${HAKO_FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
targets=${*:-config_fuzzer state_fuzzer}

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz.sh: skipped: clang++ not found (scripts/setup.sh installs clang-14)" >&2
  exit 77
fi
launcher=""
command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
mkdir -p build-fuzz
t0=$(date +%s)
# -O1 with line tables only: libFuzzer's advice, symbolized stacks, and less compile time than
# -O2 -g on nlohmann-heavy files.
# shellcheck disable=SC2086
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DHAKO_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DPython_EXECUTABLE=/usr/bin/python3 \
  $launcher >build-fuzz/build.log 2>&1 || { cat build-fuzz/build.log >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build build-fuzz -j"$(nproc)" --target $targets >>build-fuzz/build.log 2>&1 ||
  { tail -40 build-fuzz/build.log >&2; exit 1; }
echo "fuzz.sh: built $targets in $(( $(date +%s) - t0 )) s"
# 0 s: build only (scripts/setup.sh; libFuzzer itself would read -max_total_time=0 as no limit).
[ "$seconds" = 0 ] && exit 0

# The targets run side by side (one core each): the wall time is the time of one.
for target in $targets; do
  name=${target%_fuzzer}
  rm -rf "build-fuzz/artifacts/$name"
  mkdir -p "build-fuzz/corpus/$name" "build-fuzz/artifacts/$name"
  # -timeout: one input taking 10 s is a hang; leaks are findings (ASan's default).
  ( rc=0
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -error_exitcode=1 -print_final_stats=1 -dict="tests/fuzz/$name.dict" \
      -artifact_prefix="build-fuzz/artifacts/$name/" "build-fuzz/corpus/$name" \
      "tests/fuzz/corpus/$name" >"build-fuzz/$target.log" 2>&1 || rc=$?
    echo $rc >"build-fuzz/$target.rc" ) &
done
wait

status=0
for target in $targets; do
  name=${target%_fuzzer}
  log=build-fuzz/$target.log
  artifacts=build-fuzz/artifacts/$name
  rc=$(cat "build-fuzz/$target.rc")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  found=$(find "$artifacts" -type f | wc -l)
  echo "fuzz.sh: $target: ${execs:-?} execs in $seconds s (${rate:-?}/s), ${cov:-cov: ?}," \
       "working corpus $(find "build-fuzz/corpus/$name" -type f | wc -l) inputs, findings $found (exit $rc)"
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    grep -m5 -E 'ERROR|_fuzzer:|SUMMARY|runtime error|terminate' "$log" >&2 || true
    echo "fuzz.sh: $target: log $log, inputs in $artifacts/" >&2
  fi
done
exit $status
