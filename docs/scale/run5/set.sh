#!/bin/sh
# Run 5: the issue-15 set on a quiet machine, one benchmark at a time.
cd /tmp/run5/out
B=/work/main/build/bench/cli/hako-bench
stamp() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) $*"; }
stamp "scale start"
$B lifecycle --runtimes hako,runc,crun --scenario scale --live 1,100,1000 \
  --scale-verbs create,start,state,kill,delete,exec,list,list-json --runs 10 --warmup 1 \
  --interleave=random --seed 15 --export-json scale.json --export-report scale-report.md > scale.out 2>&1
stamp "scale end rc=$?"
stamp "churn start"
$B lifecycle --runtimes hako,runc,crun --scenario churn --churn-parallel 1,2,4,8 \
  --churn-count 96 --churn-rounds 4 --export-json churn.json --export-report churn-report.md > churn.out 2>&1
stamp "churn end rc=$?"
stamp "config start"
$B lifecycle --runtimes hako,runc,crun --scenario config-size --runs 30 --warmup 3 \
  --config-dims binds,rules,rules-cold,env \
  --interleave=random --seed 15 --export-json config.json --export-markdown config.md --export-report config-report.md > config.out 2>&1
stamp "config end rc=$?"
stamp "exec-load start"
$B lifecycle --runtimes hako,runc,crun --scenario exec-load --export-json exec-load.json --export-report exec-load-report.md > exec-load.out 2>&1
stamp "exec-load end rc=$?"
