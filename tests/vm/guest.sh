# Stage 2 inside the guest (sh, as PID 1 for hako.root=host, or from hako-vm.service under
# systemd): mounts what the profile needs, runs the profile's steps, prints the summary and the
# exit status marker the harness parses, then powers the machine off. Copied into the job
# directory (/job) by tests/vm/run.sh together with env (REPO, BUILD) and profile.sh.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
. /job/env
ninep="trans=virtio,version=9p2000.L,msize=262144"

if [ "$$" = 1 ]; then
  mount -t proc proc /proc
  mount -t sysfs sys /sys
  mount -t devtmpfs dev /dev
  mkdir -p /dev/pts /dev/shm /dev/mqueue
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
  ln -sf pts/ptmx /dev/ptmx 2>/dev/null
  mount -t tmpfs -o mode=1777 tmpfs /dev/shm
  mount -t mqueue mqueue /dev/mqueue
  mount -t tmpfs -o mode=1777 tmpfs /tmp
  mount -t tmpfs -o mode=0755 tmpfs /run
  mount -t tmpfs -o mode=0700 tmpfs /root
  mount -t bpf bpf /sys/fs/bpf 2>/dev/null
  hostname hako-vm
  ip link set lo up 2>/dev/null || busybox ip link set lo up
else
  mountpoint -q "$REPO" || { mkdir -p "$REPO" && mount -t 9p -o "$ninep,ro,cache=loose" repo "$REPO"; }
fi
echo "HAKO-VM-READY: $(cut -d' ' -f1 /proc/uptime) s after boot, kernel $(uname -r)"

vm_pass=0 vm_fail=0 vm_skip=0 vm_failed=""
# step NAME CMD...: runs one step; exit 0 pass, 77 skip, anything else fail.
step() {
  name=$1; shift
  echo "=== step $name: $*"
  t0=$(cut -d' ' -f1 /proc/uptime)
  "$@"
  rc=$?
  t1=$(cut -d' ' -f1 /proc/uptime)
  dt=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
  case $rc in
    0) vm_pass=$((vm_pass + 1)); echo "=== PASS $name (${dt} s)" ;;
    77) vm_skip=$((vm_skip + 1)); echo "=== SKIP $name (${dt} s)" ;;
    *) vm_fail=$((vm_fail + 1)); vm_failed="$vm_failed $name"; echo "=== FAIL $name: exit $rc (${dt} s)" ;;
  esac
}
# gtest BINARY FILTER: a gtest binary with a filter; a run where every test skipped is a skip.
gtest() {
  out=/tmp/gtest.$$.out
  "$1" --gtest_filter="$2" --gtest_color=no 2>&1 | tee "$out"
  if grep -q '^\[  FAILED  \]' "$out"; then return 1; fi
  if ! grep -q '^\[  PASSED  \]' "$out"; then return 1; fi
  if grep -q '^\[  PASSED  \] 0 tests' "$out" || \
     [ "$(grep -c '^\[       OK \]' "$out")" = 0 ]; then return 77; fi
  return 0
}

# conformance FILTER: hako's conformance runner on the programs FILTER selects (--filter);
# every selected program must run and pass (or be a known gap, conformance/known-gaps.txt): a
# "blocked" one fails the step too.
conformance() {
  out=/tmp/conformance.$$.out
  "$BUILD/conformance/hako-conformance" --runtime "$BUILD/runtime/hako" --group all --filter "$1" \
    --known-gaps "$REPO/conformance/known-gaps.txt" --jobs 2 --timeout 240 --show-stderr 2>&1 |
    tee "$out"
  grep -Eq ' [1-9][0-9]* pass, 0 fail, 0 blocked' "$out" || return 1
  return 0
}

# conformance_blocked FILTER PATTERN: programs that cannot run on this guest either: each
# selected one must report blocked with a reason matching PATTERN (grep -E), none may pass or
# fail; the step counts as a skip (77). It pins the documented cause (docs/vm.md).
conformance_blocked() {
  out=/tmp/conformance-blocked.$$.out
  "$BUILD/conformance/hako-conformance" --runtime "$BUILD/runtime/hako" --group all --filter "$1" \
    --jobs 2 --timeout 240 2>&1 | tee "$out"
  n=$(grep -Ec "^[a-z_0-9]+ +0 +0 +0 +[0-9.]+ +blocked: .*($2)" "$out")
  [ "$n" -gt 0 ] && grep -Eq " $n programs: 0 pass, 0 fail, $n blocked, 0 known gap" "$out" || return 1
  return 77
}

t_start=$(cut -d' ' -f1 /proc/uptime)
. /job/profile.sh  # its set-up, and a function `steps`
if [ -f /job/custom.sh ]; then . /job/custom.sh; else steps; fi
t_end=$(cut -d' ' -f1 /proc/uptime)
status=0
[ "$vm_fail" = 0 ] || status=1
echo "HAKO-VM-SUMMARY: pass=$vm_pass fail=$vm_fail skip=$vm_skip failed=[${vm_failed# }] test_time=$(awk "BEGIN{printf \"%.1f\", $t_end - $t_start}") s"
echo "HAKO-VM-EXIT: $status"
sync
echo o > /proc/sysrq-trigger
sleep 30
