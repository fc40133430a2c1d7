# Profile docker: the systemd guest (Debian 12, systemd 252 as PID 1, pure cgroup v2) with
# Debian's docker.io 20.10, its containerd 1.6 and runc 1.1 (profiles/docker.image), dockerd run
# by its own docker.service with `native.cgroupdriver=systemd` and hako registered as a runtime:
# the configuration most users run. Cases run with --runtime hako and, as the reference,
# --runtime runc in the same guest (steps, reference_steps below); a step fails when hako fails
# (runc's result is printed).
# No network: the image is `docker import`ed from the busybox test rootfs; containers use
# --net=none. One case goes through the docker CLI (`docker run --rm`: the exit status and what
# the container sees); the others talk to dockerd's API with curl, as the CLI does, because
# under software emulation every start of the CLI (a large Go program) costs 1.5-7 s.
. "$REPO/tests/engines/lib.sh"  # expect_eq, expect_has
IMG=hako-busybox:vm
echo "$(systemctl --version | head -n 1); $(dockerd --version); $(runc --version | head -n 1)"

docker_start() {
  mkdir -p /etc/docker
  cat > /etc/docker/daemon.json <<EOF
{"exec-opts": ["native.cgroupdriver=systemd"],
 "runtimes": {"hako": {"path": "$BUILD/runtime/hako"}},
 "iptables": false, "bridge": "none", "storage-driver": "overlay2"}
EOF
  t0=$(up)
  systemctl start docker.service || { journalctl -u docker -u containerd --no-pager | tail -n 30; return 1; }
  echo "docker.service started in $(awk "BEGIN{printf \"%.1f\", $(up) - $t0}") s"
  expect_eq "cgroup driver and version, hako's path" \
    "$(api GET /info | jq -r '"\(.CgroupDriver) \(.CgroupVersion) \(.Runtimes.hako.path)"')" \
    "systemd 2 $BUILD/runtime/hako" || return 1
  # docker import: the busybox test rootfs as image $IMG.
  tar -C "$BUILD/test-rootfs" -c . | curl -sS --fail-with-body --unix-socket /run/docker.sock -X POST \
    -H 'Content-Type: application/x-tar' --data-binary @- \
    "http://docker/v1.41/images/create?fromSrc=-&repo=${IMG%:*}&tag=${IMG#*:}" >/dev/null || return 1
}

# both CASE: case_CASE with hako, then with runc (the reference); the status is hako's.
both() {
  for rt in hako runc; do
    echo "--- $1 --runtime $rt"
    "case_$1" "$rt"
    rc=$?
    echo "--- $1 --runtime $rt: $([ $rc = 0 ] && echo pass || echo "FAIL ($rc)")"
    [ "$rt" = hako ] && hako_rc=$rc
  done
  return "$hako_rc"
}

# api METHOD PATH [JSON]: one request to dockerd's Engine API (v1.41, Docker 20.10); the body
# of the answer on stdout, status 22 (and the body) for an HTTP error.
api() {
  if [ $# -ge 3 ]; then
    curl -sS --fail-with-body --unix-socket /run/docker.sock -X "$1" -H 'Content-Type: application/json' \
      --data "$3" "http://docker/v1.41$2"
  else
    curl -sS --fail-with-body --unix-socket /run/docker.sock -X "$1" "http://docker/v1.41$2"
  fi
}
# create RUNTIME JSON: a container of $IMG with --net=none, JSON merged into the create body;
# prints its id.
create() {
  api POST /containers/create "$(jq -nc --arg img "$IMG" --arg rt "$1" --argjson x "$2" \
    '{Image: $img, HostConfig: {Runtime: $rt, NetworkMode: "none"}} * $x')" | jq -r .Id
}
inspect() { api GET "/containers/$1/json" | jq -r "$2"; }
unit_prop() { systemctl show -p "$2" --value "$1"; }
read_f() { cat "$1" 2>&1 | tr '\n' ' ' | sed 's/ $//'; }
up() { cut -d' ' -f1 /proc/uptime; }

# Through the docker CLI: the limits and the AppArmor label the container sees (Debian's kernel
# enables AppArmor, so dockerd confines every container with docker-default), and its exit
# status as `docker run` returns it.
case_run() {
  ok=0
  out=$(docker run --rm --runtime "$1" --net=none --memory 64m --pids-limit 32 --cpus 0.5 $IMG sh -c \
    'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max /proc/self/attr/current; exit 7' 2>&1)
  rc=$?
  expect_eq "exit status of docker run ... exit 7" "$rc" 7 || ok=1
  expect_eq "memory.max pids.max cpu.max, AppArmor label" "$(echo "$out" | tr '\n' ' ')" \
    "67108864 32 50000 100000 docker-default (enforce) " || ok=1
  return $ok
}

# exec_in ID CMD: `docker exec` of `sh -c CMD` (with a TTY: the output is not multiplexed);
# prints its output, then its exit code on the last line.
exec_in() {
  eid=$(api POST "/containers/$1/exec" "$(jq -nc --arg c "$2" '{Cmd: ["sh", "-c", $c], AttachStdout: true, Tty: true}')" |
    jq -r .Id) || return 1
  api POST "/exec/$eid/start" '{"Detach": false, "Tty": true}' | tr -d '\r'
  for _ in $(seq 50); do
    [ "$(api GET "/exec/$eid/json" | jq -r .Running)" = false ] && break
    sleep 0.2
  done
  api GET "/exec/$eid/json" | jq -r .ExitCode
}

# One detached container through its life: the scope and its properties, exec, update, pause,
# top, stats, stop and rm (the scope and the runtime's state directory gone).
case_lifecycle() {
  ok=0
  id=$(create "$1" '{"Cmd": ["sleep", "1000"], "HostConfig": {"Memory": 67108864, "PidsLimit": 32, "NanoCpus": 500000000,
    "CpusetCpus": "0", "BlkioWeight": 300}}') &&
    api POST "/containers/$id/start" || return 1
  unit=docker-$id.scope dir=/sys/fs/cgroup/system.slice/docker-$id.scope
  pid=$(inspect "$id" .State.Pid)
  expect_eq "/proc/$pid/cgroup" "$(cat "/proc/$pid/cgroup")" "0::/system.slice/$unit" || ok=1
  expect_eq "scope state" "$(unit_prop "$unit" ActiveState)" active || ok=1
  expect_eq "MemoryMax" "$(unit_prop "$unit" MemoryMax)" 67108864 || ok=1
  expect_eq "TasksMax" "$(unit_prop "$unit" TasksMax)" 32 || ok=1
  expect_eq "CPUQuotaPerSecUSec" "$(unit_prop "$unit" CPUQuotaPerSecUSec)" 500ms || ok=1
  expect_eq "AllowedCPUs (--cpuset-cpus 0)" "$(unit_prop "$unit" AllowedCPUs) $(read_f "$dir/cpuset.cpus")" "0 0" || ok=1
  expect_eq "io.weight (--blkio-weight 300)" "$(read_f "$dir/io.weight")" "default 2930" || ok=1
  expect_eq "memory.max pids.max cpu.max" "$(read_f "$dir/memory.max") $(read_f "$dir/pids.max") $(read_f "$dir/cpu.max")" \
    "67108864 32 50000 100000" || ok=1
  state=$(ls -d /run/docker/runtime-*/moby/"$id" 2>/dev/null)
  [ -n "$state" ] || { echo "no state directory /run/docker/runtime-*/moby/$id"; ok=1; }
  expect_eq "exec: output, cgroup, exit code" "$(exec_in "$id" 'echo exec-ok; cat /proc/self/cgroup; exit 3')" "exec-ok
0::/
3" || ok=1
  api POST "/containers/$id/update" '{"Memory": 134217728, "MemorySwap": 268435456}' >/dev/null || ok=1
  expect_eq "MemoryMax after update" "$(unit_prop "$unit" MemoryMax)" 134217728 || ok=1
  expect_eq "memory.max memory.swap.max after update" "$(read_f "$dir/memory.max") $(read_f "$dir/memory.swap.max")" \
    "134217728 134217728" || ok=1
  api POST "/containers/$id/pause" || ok=1
  expect_eq "paused" "$(inspect "$id" '"\(.State.Status) \(.State.Paused)"') $(read_f "$dir/cgroup.freeze")" \
    "paused true 1" || ok=1
  api POST "/containers/$id/unpause" || ok=1
  expect_eq "unpaused" "$(inspect "$id" .State.Status) $(read_f "$dir/cgroup.freeze")" "running 0" || ok=1
  expect_eq "top: the command" "$(api GET "/containers/$id/top" | jq -r '.Processes[] | .[-1]')" "sleep 1000" || ok=1
  expect_eq "stats: memory limit after update, pids" \
    "$(api GET "/containers/$id/stats?stream=false&one-shot=true" | jq -r '"\(.memory_stats.limit) \(.pids_stats.current)"')" \
    "134217728 1" || ok=1
  api POST "/containers/$id/stop?t=1" || ok=1
  expect_eq "exit code after stop" "$(inspect "$id" .State.ExitCode)" 137 || ok=1
  api DELETE "/containers/$id" || ok=1
  expect_eq "units named $unit after rm" "$(systemctl list-units --all --no-legend "$unit")" "" || ok=1
  expect_eq "scope cgroup after rm" "$(ls -d "$dir" 2>/dev/null)" "" || ok=1
  [ -z "$state" ] || expect_eq "state directory after rm" "$(ls -d "$state" 2>/dev/null)" "" || ok=1
  return $ok
}

# The memory hog meets --memory 16m: dockerd reports OOMKilled (from the shim's memory.events
# watch) with exit code 137.
case_oom() {
  id=$(create "$1" '{"Cmd": ["sh", "-c", "tail /dev/zero"], "HostConfig": {"Memory": 16777216}}') &&
    api POST "/containers/$id/start" || return 1
  code=$(api POST "/containers/$id/wait" | jq -r .StatusCode)
  out="$code $(inspect "$id" .State.OOMKilled)"
  api DELETE "/containers/$id" || return 1
  expect_eq "exit code, OOMKilled" "$out" "137 true"
}

# The default steps: runc is the reference where it is cheap (run, oom); the lifecycle, 25-50 s
# a runtime under emulation, runs with hako only. reference_steps runs every case with both:
#   echo reference_steps > /tmp/ref.sh; tests/vm/run.sh docker /tmp/ref.sh
steps() {
  step dockerd-start docker_start
  [ "$vm_fail" = 0 ] || return
  step docker-run both run
  step docker-lifecycle case_lifecycle hako
  step docker-oom both oom
}
reference_steps() {
  step dockerd-start docker_start
  [ "$vm_fail" = 0 ] || return
  for c in run lifecycle oom; do step "docker-$c" both "$c"; done
}
