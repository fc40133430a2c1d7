#!/bin/bash
# Docker drives hako: a private dockerd (own data root, exec root and socket; no iptables, no
# bridge) registers hako as a runtime and runs `docker run --rm --runtime hako ... echo hi` on an
# image imported from the busybox test rootfs. Exit 77 (ctest skip) with the exact reason when
# the engine is missing or cannot start here.
set -u
HAKO=${1:?usage: docker_test.sh HAKO ROOTFS}
ROOTFS=${2:?usage: docker_test.sh HAKO ROOTFS}
command -v dockerd >/dev/null || { echo "SKIP: dockerd not installed (apt-get install docker.io)"; exit 77; }
work=$(mktemp -d /tmp/hako-docker.XXXXXX)
sock="$work/docker.sock"
dpid=""
cleanup() {
  if [ -n "$dpid" ]; then
    docker -H "unix://$sock" ps -aq 2>/dev/null | xargs -r docker -H "unix://$sock" rm -f >/dev/null 2>&1
    kill "$dpid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$dpid" 2>/dev/null
  fi
  umount -R "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/docker.pid" \
  -H "unix://$sock" --iptables=false --ip6tables=false --bridge=none \
  --containerd-namespace "hako-test-$$" --add-runtime "hako=$HAKO" >"$work/dockerd.log" 2>&1 &
dpid=$!
for _ in $(seq 1 300); do
  docker -H "unix://$sock" info >/dev/null 2>&1 && break
  kill -0 "$dpid" 2>/dev/null || break
  sleep 0.1
done
if ! docker -H "unix://$sock" info >/dev/null 2>&1; then
  echo "SKIP: dockerd did not start here: $(tail -n 3 "$work/dockerd.log" | tr '\n' ' ')"
  exit 77
fi
D="docker -H unix://$sock"
tar -C "$ROOTFS" -c . | $D import - hako-busybox:test >/dev/null || { echo "FAIL: docker import"; exit 1; }
$D info --format '{{json .Runtimes}}' | grep -q '"hako"' || { echo "FAIL: hako not registered"; exit 1; }
out=$($D run --rm --runtime hako --net=none hako-busybox:test echo hi 2>&1)
if [ "$out" != "hi" ]; then
  echo "FAIL: docker run --runtime hako printed: $out"
  tail -n 20 "$work/dockerd.log"
  exit 1
fi
code=$($D run --rm --runtime hako --net=none hako-busybox:test sh -c 'exit 3' >/dev/null 2>&1; echo $?)
[ "$code" = 3 ] || { echo "FAIL: exit status $code, want 3"; exit 1; }
# exec and top go through the runtime too.
cid=$($D run -d --runtime hako --net=none hako-busybox:test sleep 100) || { echo "FAIL: docker run -d"; exit 1; }
ex=$($D exec "$cid" sh -c 'echo exec-ok')
[ "$ex" = "exec-ok" ] || { echo "FAIL: docker exec printed: $ex"; exit 1; }
$D rm -f "$cid" >/dev/null
echo "PASS: docker run/exec with --runtime hako"
