#!/bin/sh
# The conformance part of the project's test run (scripts/test.sh calls this when it is
# executable): the whole suite, both groups, against build/runtime/hako. Programs listed in
# conformance/known-gaps.txt may fail; any other failure fails this script. Blocked programs
# (missing host prerequisites) are reported and do not fail it.
# Enabled (chmod +x) by the runtime engineer once hako runs containers.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
runner=$build/conformance/hako-conformance
hako=$build/runtime/hako
[ -x "$runner" ] || { echo "test-conformance.sh: $runner is not built" >&2; exit 1; }
[ -x "$hako" ] || { echo "test-conformance.sh: $hako is not built" >&2; exit 1; }
exec "$runner" --runtime "$PWD/$hako" --group all --jobs 2 --known-gaps conformance/known-gaps.txt --show-stderr
