# Run 5, pure cgroup v2 at N = 1000: hako and crun only (runc's created containers, Go processes of
# ~10 MiB each, do not fit 1000 times in the guest). In the guest:
#   HAKO_VM_MEM=6144 HAKO_VM_TIMEOUT=1800 tests/vm/run.sh v2 docs/scale/run5/vm_scale1000.sh
vm_scale() {
  cd /tmp || return 1
  "$BUILD/bench/cli/hako-bench" lifecycle --runtimes "hako=$BUILD/runtime/hako,crun" \
    --scenario scale --live 1,1000 --scale-verbs create,state,delete,list \
    --runs 5 --warmup 1 --interleave=random --seed 15 --rootfs "$BUILD/test-rootfs" \
    --export-json /tmp/scale.json --export-report /tmp/report.md || return 1
  echo "----- report.md"; cat /tmp/report.md
  echo "----- scale.json (base64 of gzip)"; gzip -c /tmp/scale.json | base64 -w 0; echo
  echo "----- end"
}
step vm-scale vm_scale
