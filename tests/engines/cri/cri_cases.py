"""The CRI cases hako's containerd test runs against one runtime handler. Each case returns
None on success or raises CaseFailure with what differed; cases for one handler share one pod
on the CNI network, plus a host-network pod of their own."""
import os
import subprocess
import time

from cri_daemon import POD_GATEWAY
from cri_images import BUSYBOX_IMAGE

MiB = 1 << 20


class CaseFailure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise CaseFailure(what)


def wait_for(pred, what, deadline_s=20, step=0.05):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = pred()
        if value:
            return value
        time.sleep(step)
    raise CaseFailure(f"timed out after {deadline_s}s waiting for {what}")


def ns_inode(pid, ns):
    return os.stat(f"/proc/{pid}/ns/{ns}").st_ino


def cgroup_dir(pid, controller):
    """The v1 directory of pid's cgroup for controller, from /proc/PID/cgroup."""
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            if controller in ctrls.split(","):
                return f"/sys/fs/cgroup/{controller}{path}", path
    raise CaseFailure(f"pid {pid} has no {controller} cgroup")


def read(path):
    with open(path) as f:
        return f.read().strip()


class Pod:
    """One pod sandbox for one handler, and the containers the cases create in it."""

    def __init__(self, t, name, host_network=False, privileged=False):
        self.t = t
        self.name = name
        self.log_dir = os.path.join(t.work, "logs", f"{t.handler}-{name}")
        os.makedirs(self.log_dir, exist_ok=True)
        pb = t.pb
        ns = pb.NamespaceOption(network=pb.NODE if host_network else pb.POD, pid=pb.CONTAINER,
                                ipc=pb.POD)
        self.config = pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=f"{t.handler}-{name}", uid=f"uid-{t.handler}-{name}",
                                           namespace="hako-test", attempt=0),
            hostname="" if host_network else f"pod-{name}",
            log_directory=self.log_dir,
            labels={"hako-test": t.tag},
            linux=pb.LinuxPodSandboxConfig(
                cgroup_parent=t.cgroup_parent,
                security_context=pb.LinuxSandboxSecurityContext(namespace_options=ns,
                                                                 privileged=privileged)))
        resp = t.cri.rt("RunPodSandbox", config=self.config, runtime_handler=t.handler)
        self.id = resp.pod_sandbox_id
        t.pods.append(self.id)
        status, info = t.cri.sandbox_info(self.id)
        expect(status.state == pb.SANDBOX_READY, f"sandbox state {status.state}, want READY")
        expect(status.runtime_handler == t.handler,
               f"sandbox runtime_handler {status.runtime_handler!r}, want {t.handler!r}")
        self.pid = info.get("pid", 0)
        expect(self.pid > 0, f"sandbox verbose info has no pid: {sorted(info)}")
        self.ip = status.network.ip
        t.pids.add(self.pid)
        for ns_entry in info.get("runtimeSpec", {}).get("linux", {}).get("namespaces", []):
            if ns_entry.get("type") == "network" and ns_entry.get("path"):
                t.netns_paths.add(ns_entry["path"])

    def container(self, name, command, attempt=0, memory=0, pid_mode=None, mounts=(), **security):
        pb = self.t.pb
        resources = pb.LinuxContainerResources(memory_limit_in_bytes=memory)
        pod_ns = self.config.linux.security_context.namespace_options
        ns = pb.NamespaceOption(network=pod_ns.network, ipc=pb.POD,
                                pid=pb.CONTAINER if pid_mode is None else pid_mode)
        cfg = pb.ContainerConfig(
            metadata=pb.ContainerMetadata(name=name, attempt=attempt),
            image=pb.ImageSpec(image=BUSYBOX_IMAGE), command=command,
            log_path=f"{name}.{attempt}.log", labels={"hako-test": self.t.tag},
            mounts=list(mounts),
            linux=pb.LinuxContainerConfig(
                resources=resources,
                security_context=pb.LinuxContainerSecurityContext(namespace_options=ns,
                                                                  **security)))
        cid = self.t.cri.rt("CreateContainer", pod_sandbox_id=self.id, config=cfg,
                            sandbox_config=self.config).container_id
        return cid

    def start(self, cid):
        self.t.cri.rt("StartContainer", container_id=cid)
        status, info = self.t.cri.container_info(cid)
        pid = info.get("pid", 0)
        if pid:
            self.t.pids.add(pid)
        return status, pid

    def log_text(self, name, attempt=0):
        with open(os.path.join(self.log_dir, f"{name}.{attempt}.log")) as f:
            return f.read()

    def remove(self):
        cri = self.t.cri
        for c in cri.rt("ListContainers", filter=self.t.pb.ContainerFilter(pod_sandbox_id=self.id)).containers:
            cri.rt("StopContainer", container_id=c.id, timeout=5)
            cri.rt("RemoveContainer", container_id=c.id)
        cri.rt("StopPodSandbox", pod_sandbox_id=self.id)
        cri.rt("RemovePodSandbox", pod_sandbox_id=self.id)
        self.t.pods.remove(self.id)


# A container that ends at once and cleanly on SIGTERM (StopContainer's first signal).
SERVE = ["sh", "-c", "trap 'exit 0' TERM; sleep 1000 & wait"]


def case_lifecycle(t, pod):
    """Create → Start → ExecSync → Update (cgroup files) → Status → Stop → Remove."""
    pb, cri = t.pb, t.cri
    cid = pod.container("life", SERVE)
    status, _ = cri.container_info(cid)
    expect(status.state == pb.CONTAINER_CREATED, f"after create: state {status.state}")
    status, pid = pod.start(cid)
    expect(status.state == pb.CONTAINER_RUNNING, f"after start: state {status.state}")
    expect(pid > 0, "no pid in ContainerStatus verbose info")
    r = cri.rt("ExecSync", container_id=cid, timeout=20,
               cmd=["sh", "-c", "echo out; echo err >&2; exit 3"])
    expect((r.exit_code, r.stdout, r.stderr) == (3, b"out\n", b"err\n"),
           f"ExecSync: exit {r.exit_code} stdout {r.stdout!r} stderr {r.stderr!r}")
    r = cri.rt("ExecSync", container_id=cid, timeout=20, cmd=["hostname"])
    want_host = pod.config.hostname or os.uname().nodename
    expect(r.exit_code == 0 and r.stdout.decode().strip() == want_host,
           f"hostname in container: {r.stdout!r} (exit {r.exit_code}), want {want_host!r}")
    mem_dir, mem_path = cgroup_dir(pid, "memory")
    expect(mem_path == f"{t.cgroup_parent}/{cid}",
           f"container memory cgroup {mem_path}, want {t.cgroup_parent}/{cid}")
    cpu_dir, _ = cgroup_dir(pid, "cpu")
    cri.rt("UpdateContainerResources", container_id=cid, linux=pb.LinuxContainerResources(
        memory_limit_in_bytes=96 * MiB, cpu_period=100000, cpu_quota=50000, cpu_shares=512))
    got = (read(f"{mem_dir}/memory.limit_in_bytes"), read(f"{cpu_dir}/cpu.cfs_period_us"),
           read(f"{cpu_dir}/cpu.cfs_quota_us"), read(f"{cpu_dir}/cpu.shares"))
    expect(got == (str(96 * MiB), "100000", "50000", "512"),
           f"cgroup after update (limit, period, quota, shares) = {got}")
    status, _ = cri.container_info(cid)
    res = status.resources.linux
    if status.HasField("resources"):
        expect(res.memory_limit_in_bytes == 96 * MiB and res.cpu_quota == 50000,
               f"ContainerStatus resources after update: {res}")
    expect(status.state == pb.CONTAINER_RUNNING and status.started_at > 0,
           f"status: state {status.state} started_at {status.started_at}")
    cri.rt("StopContainer", container_id=cid, timeout=10)
    status, _ = cri.container_info(cid)
    expect(status.state == pb.CONTAINER_EXITED and status.exit_code == 0,
           f"after StopContainer: state {status.state} exit {status.exit_code} "
           f"reason {status.reason!r} (the TERM trap exits 0)")
    cri.rt("RemoveContainer", container_id=cid)
    left = [c.id for c in cri.rt("ListContainers", filter=pb.ContainerFilter(id=cid)).containers]
    expect(not left, f"container still listed after RemoveContainer: {left}")


def case_shared_namespaces(t, pod):
    """Two containers share the sandbox's net, IPC and UTS namespaces; each has its own PID one."""
    a = pod.container("share-a", SERVE)
    b = pod.container("share-b", SERVE)
    _, pa = pod.start(a)
    _, pb_ = pod.start(b)
    for ns in ("net", "ipc", "uts"):
        inodes = {ns_inode(p, ns) for p in (pod.pid, pa, pb_)}
        expect(len(inodes) == 1, f"{ns} namespace differs between sandbox and containers: {inodes}")
    expect(ns_inode(pa, "pid") != ns_inode(pb_, "pid"), "the two containers share a PID namespace")
    expect(ns_inode(pa, "net") != t.daemon.netns_inode(),
           "pod network namespace is containerd's own")
    if pod.ip:
        r = t.cri.rt("ExecSync", container_id=b, timeout=20,
                     cmd=["sh", "-c", f"ip -4 -o addr show eth0; ping -c1 -W2 {POD_GATEWAY}"])
        expect(r.exit_code == 0 and pod.ip.encode() in r.stdout,
               f"pod network: exit {r.exit_code} {r.stdout!r} {r.stderr!r} (pod ip {pod.ip})")
    # IPC shared in fact, not only by inode: both containers get the sandbox's /dev/shm.
    r = t.cri.rt("ExecSync", container_id=a, timeout=20,
                 cmd=["sh", "-c", f"echo {t.tag} > /dev/shm/hako-ipc"])
    r2 = t.cri.rt("ExecSync", container_id=b, timeout=20, cmd=["cat", "/dev/shm/hako-ipc"])
    expect(r.exit_code == 0 and r2.exit_code == 0 and r2.stdout.decode().strip() == t.tag,
           f"/dev/shm written in one container, read in the other: {r2.stdout!r} {r2.stderr!r}")


def case_oom(t, pod):
    """A container over its memory limit is OOM-killed: EXITED, exit 137, reason OOMKilled."""
    cid = pod.container("oom", ["tail", "/dev/zero"], memory=32 * MiB)
    pod.start(cid)
    status = wait_for(lambda: (s := t.cri.container_info(cid)[0]).state == t.pb.CONTAINER_EXITED and s,
                      "the OOM container to exit")
    expect(status.exit_code == 137 and status.reason == "OOMKilled",
           f"exit {status.exit_code} reason {status.reason!r}, want 137 'OOMKilled'")


def case_crash_restart(t, pod):
    """A crashed container is reported (exit 2, reason Error) and the client's restart, a new
    container with attempt 1 in the same pod, runs in the pod's namespaces."""
    pb, cri = t.pb, t.cri
    old = pod.container("crash", ["sh", "-c", "echo crashing; exit 2"])
    pod.start(old)
    status = wait_for(lambda: (s := cri.container_info(old)[0]).state == pb.CONTAINER_EXITED and s,
                      "the crashing container to exit")
    expect(status.exit_code == 2 and status.reason == "Error" and status.finished_at > 0,
           f"crash: exit {status.exit_code} reason {status.reason!r}")
    expect("crashing" in pod.log_text("crash", 0), "crash output missing from its CRI log")
    new = pod.container("crash", SERVE, attempt=1)
    expect(new != old, "restart returned the old container id")
    status, pid = pod.start(new)
    expect(status.state == pb.CONTAINER_RUNNING and status.metadata.attempt == 1,
           f"restarted: state {status.state} attempt {status.metadata.attempt}")
    expect(ns_inode(pid, "net") == ns_inode(pod.pid, "net"), "restarted container left the pod's netns")
    r = cri.rt("ExecSync", container_id=new, timeout=20, cmd=["echo", "back"])
    expect(r.exit_code == 0 and r.stdout == b"back\n", f"exec in restarted: {r.stdout!r}")


def case_exec_errors(t, pod):
    """ExecSync of a missing or non-executable file fails with the path and the cause, and a
    command past its timeout is cut off; the container keeps running."""
    cri = t.cri
    cid = pod.container("execerr", SERVE)
    pod.start(cid)
    for cmd, cause in (("/no/such", "No such file or directory"), ("/etc/passwd", "ermission denied")):
        try:
            r = cri.rt("ExecSync", container_id=cid, timeout=10, cmd=[cmd])
            raise CaseFailure(f"ExecSync {cmd} answered exit {r.exit_code}, want an error")
        except t.grpc.RpcError as e:
            msg = e.details() or ""
            expect(cmd in msg and cause.lower() in msg.lower(),
                   f"ExecSync {cmd}: error {msg!r} does not name the file and {cause!r}")
    start = time.monotonic()
    try:
        cri.rt("ExecSync", container_id=cid, timeout=1, cmd=["sleep", "30"])
        raise CaseFailure("ExecSync past its 1 s timeout returned normally")
    except t.grpc.RpcError as e:
        expect("timeout" in (e.details() or ""), f"ExecSync timeout: {e.details()!r}")
    expect(time.monotonic() - start < 10, "ExecSync timeout took over 10 s")
    r = cri.rt("ExecSync", container_id=cid, timeout=10, cmd=["echo", "still"])
    expect(r.stdout == b"still\n", f"exec after the errors: {r.stdout!r}")


def case_security_context(t, pod):
    """run_as_user, readonly_rootfs and a pod-wide PID namespace (shareProcessNamespace) reach
    the runtime: uid 65534, writes refused, the pause process is PID 1 beside the container."""
    cid = pod.container("secctx", SERVE, pid_mode=t.pb.POD, readonly_rootfs=True,
                        run_as_user=t.pb.Int64Value(value=65534))
    _, pid = pod.start(cid)
    r = t.cri.rt("ExecSync", container_id=cid, timeout=10,
                 cmd=["sh", "-c", "id -u; touch /x 2>/dev/null; echo $?; cat /proc/1/cmdline"])
    expect(r.exit_code == 0 and r.stdout.split(b"\n")[:3] == [b"65534", b"1", b"/pause\0"],
           f"uid, touch status, PID 1: {r.stdout!r} {r.stderr!r}")
    expect(ns_inode(pid, "pid") == ns_inode(pod.pid, "pid"), "pid=POD container has its own PID ns")


def case_stats(t, pod):
    """ContainerStats (kubelet's metrics path): the shim reads the cgroup hako made."""
    cid = pod.container("stats", SERVE)
    pod.start(cid)
    t.cri.rt("ExecSync", container_id=cid, timeout=20,
             cmd=["dd", "if=/dev/zero", "of=/dev/null", "bs=1M", "count=100"])
    s = t.cri.rt("ContainerStats", container_id=cid).stats
    expect(s.attributes.id == cid and s.cpu.usage_core_nano_seconds.value > 0 and
           s.memory.working_set_bytes.value > 0, f"ContainerStats: {s}")


def case_daemon_restart(t, pod):
    """containerd restarts (an upgrade): the running container is found again, exec works,
    and StopContainer still stops it gracefully."""
    cid = pod.container("restart", SERVE)
    _, pid = pod.start(cid)
    t.daemon.restart(t.client_factory)
    status, info = t.cri.container_info(cid)
    expect(status.state == t.pb.CONTAINER_RUNNING and info.get("pid") == pid,
           f"after restart: state {status.state} pid {info.get('pid')} (was {pid})")
    r = t.cri.rt("ExecSync", container_id=cid, timeout=10, cmd=["echo", "again"])
    expect(r.stdout == b"again\n", f"exec after restart: {r.stdout!r} {r.stderr!r}")
    t.cri.rt("StopContainer", container_id=cid, timeout=10)
    status = t.cri.container_info(cid)[0]
    expect(status.state == t.pb.CONTAINER_EXITED and status.exit_code == 0,
           f"stop after restart: state {status.state} exit {status.exit_code}")


def mountinfo_tags(text, mount_point):
    """The optional fields ("shared:N master:M") of mount_point's mountinfo line, or None."""
    for line in text.splitlines():
        f = line.split()
        if len(f) > 6 and f[4] == mount_point:
            return " ".join(f[6:f.index("-")])
    return None


def case_mount_propagation(t, _pod):
    """Kubernetes volumes with mountPropagation, in a privileged pod of its own: the default
    (rprivate) bind stays private, HostToContainer (rslave) is a slave of the host's mount,
    and Bidirectional (rshared) shares its peer group, so a mount the container makes under
    it shows on the host. The volume is a shared bind mount the test makes under its dir."""
    vol = os.path.join(t.work, f"vol-{t.handler}")
    os.makedirs(os.path.join(vol, "sub", "m"), exist_ok=True)
    subprocess.run(["mount", "--bind", vol, vol], check=True)
    t.extra_mounts.append(vol)
    subprocess.run(["mount", "--make-shared", vol], check=True)
    try:
        pb = t.pb
        pod = Pod(t, "propagation", privileged=True)
        cid = pod.container("prop", SERVE, privileged=True, mounts=[
            pb.Mount(container_path="/data", host_path=vol, readonly=True),
            pb.Mount(container_path="/hc", host_path=f"{vol}/sub",
                     propagation=pb.PROPAGATION_HOST_TO_CONTAINER),
            pb.Mount(container_path="/bi", host_path=f"{vol}/sub",
                     propagation=pb.PROPAGATION_BIDIRECTIONAL)])
        pod.start(cid)
        r = t.cri.rt("ExecSync", container_id=cid, timeout=10,
                     cmd=["sh", "-c", "mount -t tmpfs bidi /bi/m && cat /proc/self/mountinfo"])
        expect(r.exit_code == 0, f"mount in the container: exit {r.exit_code} {r.stderr!r}")
        out = r.stdout.decode()
        tags = {m: mountinfo_tags(out, m) for m in ("/data", "/hc", "/bi")}
        with open("/proc/self/mountinfo") as f:
            on_host = mountinfo_tags(f.read(), f"{vol}/sub/m") is not None
        subprocess.run(["umount", f"{vol}/sub/m"], stderr=subprocess.DEVNULL)
        pod.remove()
    finally:
        subprocess.run(["umount", "-R", vol], stderr=subprocess.DEVNULL)
        t.extra_mounts.remove(vol)
    expect(tags["/data"] == "", f"default (rprivate) volume is not private: {tags['/data']!r}")
    expect((tags["/hc"] or "").startswith("master:") and "shared:" not in tags["/hc"],
           f"HostToContainer volume is not only a slave: {tags['/hc']!r}")
    expect((tags["/bi"] or "").startswith("shared:") and "master:" not in tags["/bi"],
           f"Bidirectional volume is not in the host's peer group: {tags['/bi']!r}")
    expect(on_host, "a mount made under the Bidirectional volume did not reach the host")


def case_host_network(t, _pod):
    """A host-network pod (no CNI) runs and its container is in containerd's network namespace
    (the test's own); the pod is removed within the case."""
    pod = Pod(t, "hostnet", host_network=True)
    cid = pod.container("hn", SERVE)
    _, pid = pod.start(cid)
    expect(ns_inode(pid, "net") == t.daemon.netns_inode(),
           "host-network container is not in containerd's network namespace")
    r = t.cri.rt("ExecSync", container_id=cid, timeout=20, cmd=["cat", "/proc/self/cgroup"])
    expect(r.exit_code == 0, f"exec in host-network container: exit {r.exit_code} {r.stderr!r}")
    pod.remove()


CASES = [("lifecycle", case_lifecycle), ("shared-namespaces", case_shared_namespaces),
         ("oom", case_oom), ("crash-restart", case_crash_restart),
         ("exec-errors", case_exec_errors), ("security-context", case_security_context),
         ("stats", case_stats), ("daemon-restart", case_daemon_restart),
         ("mount-propagation", case_mount_propagation),
         ("host-network", case_host_network)]
