#!/bin/sh
# In a private mount namespace (the bench's setup for crun): hako create phases with 0, then 1000 crun containers alive.
umount /sys/fs/cgroup/unified 2>/dev/null
cat /proc/loadavg
python3 /tmp/wt15/create_phase.py /tmp/wt15/hako-a5 /tmp/wt15/root-mx 15 crun0
for i in $(seq 1 1000); do crun --cgroup-manager cgroupfs --root /tmp/wt15/crunroot create -b /tmp/wt15/sleepb wt15-m$i >/dev/null 2>&1 || echo fail $i; done
cat /proc/loadavg
python3 /tmp/wt15/create_phase.py /tmp/wt15/hako-a5 /tmp/wt15/root-mx 15 crun1000
perf stat -e task-clock -o /tmp/wt15/pstat1000.txt -- /tmp/wt15/hako-a5 --root /tmp/wt15/root-mx create -b /tmp/wt15/sleepb wt15-ps1 >/dev/null
/tmp/wt15/hako-a5 --root /tmp/wt15/root-mx delete -f wt15-ps1
perf record -a -g -o /tmp/wt15/perf-mixed.data -- sh -c 'for i in 1 2 3 4 5 6 7 8; do /tmp/wt15/hako-a5 --root /tmp/wt15/root-mx create -b /tmp/wt15/sleepb wt15-pr$i >/dev/null; /tmp/wt15/hako-a5 --root /tmp/wt15/root-mx delete -f wt15-pr$i; done' 2>/dev/null
for i in $(seq 1 1000); do crun --root /tmp/wt15/crunroot delete -f wt15-m$i; done
cat /proc/loadavg
python3 /tmp/wt15/create_phase.py /tmp/wt15/hako-a5 /tmp/wt15/root-mx 15 crun0-again
cat /proc/loadavg
