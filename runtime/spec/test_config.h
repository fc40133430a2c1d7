// A complete, valid config.json used as the base of spec/ tests (runc `spec`-like).
#pragma once

inline constexpr const char* kTestConfig = R"({
  "ociVersion": "1.2.0",
  "process": {
    "terminal": false,
    "user": {"uid": 1000, "gid": 1000, "additionalGids": [5, 100], "umask": 18},
    "args": ["sh", "-c", "echo hi"],
    "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
    "cwd": "/",
    "capabilities": {
      "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_AUDIT_WRITE", "CAP_KILL"],
      "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "ambient": []
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 512}],
    "noNewPrivileges": true,
    "oomScoreAdj": 100
  },
  "root": {"path": "rootfs", "readonly": true},
  "hostname": "box",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]}
  ],
  "hooks": {
    "prestart": [{"path": "/bin/true", "args": ["true"], "timeout": 5}],
    "poststop": [{"path": "/bin/true"}]
  },
  "annotations": {"org.example.key": "value"},
  "linux": {
    "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
    "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
    "resources": {
      "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"}],
      "memory": {"limit": 104857600, "swap": -1},
      "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1"},
      "pids": {"limit": 64}
    },
    "cgroupsPath": "/hako-test/box",
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"},
                   {"type": "mount"}, {"type": "user"}, {"type": "cgroup"}],
    "maskedPaths": ["/proc/kcore"],
    "readonlyPaths": ["/proc/sys"],
    "sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "1000000"},
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
      "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                    "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]
    },
    "rootfsPropagation": "rprivate"
  },
  "someFutureField": {"x": 1}
})";
