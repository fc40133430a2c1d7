import json, os, sys
rootfs = "/tmp/wt15/rootfs"
def m(d, t, s, o=None):
    r = {"destination": d, "type": t, "source": s}
    if o: r["options"] = o
    return r
def bundle(n, name):
    caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    mounts = [m("/proc","proc","proc"), m("/dev","tmpfs","tmpfs",["nosuid","strictatime","mode=755","size=65536k"]),
      m("/dev/pts","devpts","devpts",["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]),
      m("/dev/shm","tmpfs","shm",["nosuid","noexec","nodev","mode=1777","size=65536k"]),
      m("/dev/mqueue","mqueue","mqueue",["nosuid","noexec","nodev"]),
      m("/sys","sysfs","sysfs",["nosuid","noexec","nodev","ro"]),
      m("/sys/fs/cgroup","cgroup","cgroup",["nosuid","noexec","nodev","relatime","ro"]),
      m("/mnt","tmpfs","tmpfs",["nosuid","nodev","mode=755"])]
    mounts += [m("/mnt/b%d" % k, "bind", rootfs + "/etc", ["rbind","ro"]) for k in range(n)]
    c = {"ociVersion":"1.0.2-dev",
         "process":{"terminal":False,"user":{"uid":0,"gid":0},"args":["/bin/true"],
            "env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","TERM=xterm"],"cwd":"/",
            "capabilities":{k:caps for k in ["bounding","effective","permitted","ambient"]},
            "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":1024}],"noNewPrivileges":True},
         "root":{"path":rootfs,"readonly":True},"hostname":"hako-bench","mounts":mounts,
         "linux":{"resources":{"devices":[{"allow":False,"access":"rwm"}]},
            "namespaces":[{"type":t} for t in ["pid","network","ipc","uts","mount"]],
            "maskedPaths":["/proc/acpi","/proc/asound","/proc/kcore","/proc/keys","/proc/latency_stats","/proc/timer_list","/proc/timer_stats","/proc/sched_debug","/sys/firmware","/proc/scsi"],
            "readonlyPaths":["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]}}
    os.makedirs(name, exist_ok=True)
    json.dump(c, open(name + "/config.json", "w"), indent=2)
for n in [0, 200]:
    bundle(n, "/tmp/wt15/b%d" % n)
