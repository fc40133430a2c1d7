#!/bin/sh
# The conformance part of the project's test run (scripts/test.sh calls this when it is
# executable): the whole suite, both groups, against build/runtime/hako. Programs listed in
# conformance/known-gaps.txt may fail; any other failure fails this script. Blocked programs
# (missing host prerequisites) are reported and do not fail it. Takes 1-1.5 minutes on the
# 2-core machine (--jobs 2; programs that mount or make network devices run in private
# namespaces, so two at a time do not disturb each other). BUILD_DIR overrides build/.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
runner=$build/conformance/hako-conformance
hako=$build/runtime/hako
[ -x "$runner" ] || { echo "test-conformance.sh: $runner is not built" >&2; exit 1; }
[ -x "$hako" ] || { echo "test-conformance.sh: $hako is not built" >&2; exit 1; }
case $hako in /*) ;; *) hako=$PWD/$hako ;; esac
exec "$runner" --runtime "$hako" --group all --jobs 2 --known-gaps conformance/known-gaps.txt --show-stderr
