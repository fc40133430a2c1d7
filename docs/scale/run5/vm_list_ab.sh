# Run 5, `list` on pure cgroup v2 before and after the freezer read by path (fs::read_short):
# 300 created hako containers, then both binaries list the same root, 30 runs each,
# interleaved (list_cpu.py), and one strace -c of each. In the guest:
#   cp OLD_HAKO build/hako-before; HAKO_VM_MEM=2048 tests/vm/run.sh v2 docs/scale/run5/vm_list_ab.sh
list_ab() {
  cd /tmp || return 1
  mkdir -p /tmp/ab/bundle && cp -a "$BUILD/test-rootfs" /tmp/ab/bundle/rootfs || return 1
  (cd /tmp/ab/bundle && "$BUILD/runtime/hako" spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"sleep", "100000"/' config.json) || return 1
  i=0
  while [ $i -lt "${AB_N:-300}" ]; do
    "$BUILD/runtime/hako" --root /tmp/ab/root create --bundle /tmp/ab/bundle a$i </dev/null >/dev/null 2>&1 || return 1
    i=$((i + 1))
  done
  for b in "$BUILD/hako-before" "$BUILD/runtime/hako"; do
    strace -c -o /tmp/ab/strace.txt "$b" --root /tmp/ab/root list >/dev/null && echo "$b: $(awk '/total/ {print $4}' /tmp/ab/strace.txt) syscalls"
  done
  python3 "$REPO/docs/scale/run5/list_cpu.py" "${AB_RUNS:-30}" "$BUILD/hako-before --root /tmp/ab/root list" \
    "$BUILD/runtime/hako --root /tmp/ab/root list"
}
step vm-list-ab list_ab
