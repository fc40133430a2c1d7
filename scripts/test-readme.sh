#!/bin/sh
# Runs README.md's examples as a new user pastes them (issue 18), extracted from the README
# itself so that the test cannot drift from the text:
#   1. the set-up commands at the top name only programs that exist on this machine (a fresh
#      root machine may have no sudo); they are not run (they are this test's caller);
#   2. the "Run a container with hako" block runs in order with `set -e`, from the repository's
#      top directory, in a fresh directory instead of /tmp/box and with a unique container id
#      instead of `demo` (so it cannot collide with a user's own); its output is checked.
# Exit status: 0 pass, 1 fail, 77 skip (not root). Budget: about 5 s (two busybox containers).
set -eu
cd "$(dirname "$0")/.."
readme=README.md
hako=$PWD/build/runtime/hako
[ "$(id -u)" = 0 ] || { echo "test-readme.sh: skip: needs root (the examples run containers)"; exit 77; }
[ -x "$hako" ] || { echo "test-readme.sh: $hako is not built (run scripts/setup.sh)" >&2; exit 1; }

# The first ```sh block after the line $1 (exactly), without the fences.
block() {
  awk -v h="$1" '$0 == h { f = 1; next }
                 f && !inb && /^```sh$/ { inb = 1; next }
                 inb && /^```$/ { exit }
                 inb { print }' "$readme"
}

fail() { echo "test-readme.sh: FAIL: $*" >&2; status=1; }
status=0

# 1. The set-up commands.
top=$(block "$(head -n 1 "$readme")")
[ -n "$top" ] || fail "no sh block under the README's title"
echo "$top" | sed 's/#.*//' | while read -r word _; do
  [ -n "$word" ] || continue
  if [ ! -x "$word" ] && ! command -v "$word" >/dev/null 2>&1; then
    echo "test-readme.sh: FAIL: the set-up command \`$word\` does not exist on this machine" >&2
    exit 1
  fi
done || status=1

# 2. The run-a-container example.
tmp=$(mktemp -d /tmp/hako-readme.XXXXXX)
id="readme-$$"
cleanup() {
  "$hako" delete --force "$id" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
example=$(block "## Run a container with hako")
[ -n "$example" ] || { fail "no sh block under \"## Run a container with hako\""; exit 1; }
printf '%s\n' "$example" | sed -e "s#/tmp/box#$tmp/box#g" -e "s/\\bdemo\\b/$id/g" > "$tmp/example.sh"
# Output to a file, never a pipe: `create` hands its stdout to the container, whose init keeps
# it open, so a pipe would not see EOF until the container exits.
if ! timeout 60 bash -e "$tmp/example.sh" > "$tmp/out" 2>&1; then
  fail "the README example stopped with an error; its output:"
  sed 's/^/  | /' "$tmp/out" >&2
  exit 1
fi
grep -qx "hello from hako" "$tmp/out" || fail "run did not print \"hello from hako\""
grep -q '"status": *"created"' "$tmp/out" || fail "state after create did not say created"
grep -qx "bin" "$tmp/out" || fail "exec ls / did not list /bin"
"$hako" state "$id" >/dev/null 2>&1 && fail "the container is still there after delete --force"
if [ "$status" = 0 ]; then echo "test-readme.sh: the README's examples ran as written"; fi
[ "$status" = 0 ] || sed 's/^/  | /' "$tmp/out" >&2
exit "$status"
