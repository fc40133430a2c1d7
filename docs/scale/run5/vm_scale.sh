# Run 5: `create`, `state`, `delete` and `list` beside N created containers on pure cgroup v2
# (the v2 VM profile: every controller enabled), hako, runc and crun interleaved in one run.
# Software emulation (TCG) makes every absolute time several times the host's; the ratios
# N = 300 ÷ N = 1 and hako ÷ crun are what this run is for. Runs in the guest:
#   HAKO_VM_MEM=6144 HAKO_VM_TIMEOUT=1500 tests/vm/run.sh v2 docs/scale/run5/vm_scale.sh
# (runc's created container is a Go process of several MiB: 300 of them need the memory.)
vm_scale() {
  cd /tmp || return 1
  "$BUILD/bench/cli/hako-bench" lifecycle --runtimes "hako=$BUILD/runtime/hako,runc,crun" \
    --scenario scale --live "${SCALE_LIVE:-1,100,300}" --scale-verbs create,state,delete,list \
    --runs "${SCALE_RUNS:-5}" --warmup 1 --interleave=random --seed 15 --rootfs "$BUILD/test-rootfs" \
    --export-json /tmp/scale.json --export-report /tmp/report.md || return 1
  echo "----- report.md"; cat /tmp/report.md
  echo "----- scale.json (base64 of gzip)"; gzip -c /tmp/scale.json | base64 -w 0; echo
  echo "----- end"
}
step vm-scale vm_scale
