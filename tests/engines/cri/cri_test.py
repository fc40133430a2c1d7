#!/usr/bin/python3
"""Kubernetes' path to hako: containerd's CRI plugin drives `hako` through the runc v2 shim.

Usage: cri_test.py HAKO ROOTFS. Starts a private containerd (see cri_daemon.py), imports a pause
image and a busybox image built here (no registry), and runs every case in cri_cases.py against
the runtime handler `hako` and, for comparison, `runc`, then checks that nothing is left behind.
Prints one line per case and handler; exits 0 when every hako case passes, 1 otherwise, and 77
(ctest skip) with the exact reason when a tool it needs is missing."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cri_cases  # noqa: E402
import cri_daemon  # noqa: E402
import cri_images  # noqa: E402
from cri_client import Client, compile_proto  # noqa: E402

RUNC = "/usr/sbin/runc"


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


def preflight():
    if os.geteuid() != 0:
        skip("needs root (containerd and the runtimes create namespaces and cgroups)")
    for tool, pkg in (("containerd", "containerd"), ("ctr", "containerd"),
                      ("containerd-shim-runc-v2", "containerd"), ("protoc", "protobuf-compiler"),
                      ("gcc", "gcc"), ("unshare", "util-linux"), ("nsenter", "util-linux"), ("ip", "iproute2")):
        if not shutil.which(tool):
            skip(f"{tool} not installed (apt-get install {pkg})")
    try:
        import grpc  # noqa: F401
        import google.protobuf  # noqa: F401
    except ImportError as e:
        skip(f"{e} (apt-get install python3-grpcio python3-protobuf)")
    if not os.path.isdir("/sys/fs/cgroup/memory"):
        skip("no cgroup v1 memory hierarchy at /sys/fs/cgroup/memory: the cgroup file checks "
             "are written for this host's hybrid layout")


class Run:
    """What one handler's cases share: the client, the pod list, what to check for leaks."""

    def __init__(self, work, pb, daemon, client_factory, handler, runtime_root):
        self.work, self.pb, self.daemon = work, pb, daemon
        self.client_factory = client_factory
        import grpc
        self.grpc = grpc
        self.handler = handler
        self.runtime_root = runtime_root
        self.tag = f"{handler}-{os.getpid()}"
        self.cgroup_parent = f"/hako-cri-{os.getpid()}-{handler}"
        self.pods = []
        self.pids = set()
        self.netns_paths = set()
        self.extra_mounts = []  # made by the test itself (the shared volume), undone at cleanup

    @property
    def cri(self):
        return self.daemon.client


def cgroup_leaks(parent):
    """Subdirectories left under the handler's cgroup parent in any hierarchy."""
    left = []
    for h in sorted(os.listdir("/sys/fs/cgroup")):
        d = f"/sys/fs/cgroup/{h}{parent}"
        for dirpath, dirnames, _ in os.walk(d):
            left += [os.path.join(dirpath, n) for n in dirnames]
    return left


def remove_cgroup_parent(parent):
    for h in sorted(os.listdir("/sys/fs/cgroup")):
        d = f"/sys/fs/cgroup/{h}{parent}"
        if not os.path.isdir(d):
            continue
        for dirpath, _, _ in sorted(os.walk(d), key=lambda w: -len(w[0])):
            try:
                os.rmdir(dirpath)
            except OSError as e:
                print(f"cleanup: rmdir {dirpath}: {e}")


def mounts_under(prefixes):
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mp = line.split()[4]
            if any(mp == p or mp.startswith(p.rstrip("/") + "/") for p in prefixes):
                out.append(mp)
    return out


def pid_alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def leak_report(run):
    """Everything of this handler's that outlived its pods: listed pods and containers, live
    processes, mounts, cgroups, netns files, and entries in the runtime's and shim's state dirs."""
    pb, cri = run.pb, run.cri
    sel = {"hako-test": run.tag}
    problems = []
    pods = cri.rt("ListPodSandbox", filter=pb.PodSandboxFilter(label_selector=sel)).items
    problems += [f"pod still listed: {p.id}" for p in pods]
    try:
        cri_cases.wait_for(lambda: not any(pid_alive(p) for p in run.pids) and
                           not run.daemon.shim_pids(), "pods' processes and shims to end", 10)
    except cri_cases.CaseFailure:
        pass
    problems += [f"process {p} still alive" for p in sorted(run.pids) if pid_alive(p)]
    problems += [f"shim {p} still alive" for p in run.daemon.shim_pids()]
    ours = set(run.extra_mounts)
    problems += [f"mount left: {m}" for m in mounts_under([run.work] + sorted(run.netns_paths))
                 if m not in ours]
    problems += [f"netns file left: {p}" for p in sorted(run.netns_paths) if os.path.exists(p)]
    problems += [f"cgroup left: {c}" for c in cgroup_leaks(run.cgroup_parent)]
    state_dirs = [os.path.join(run.runtime_root, "k8s.io"),
                  os.path.join(run.work, "state", "io.containerd.runtime.v2.task", "k8s.io")]
    for d in state_dirs:
        if os.path.isdir(d):
            problems += [f"state entry left: {d}/{e}" for e in sorted(os.listdir(d))]
    return problems


def run_handler(run):
    results = []
    pod = None
    try:
        pod = cri_cases.Pod(run, "main")
        results.append(("run-pod-sandbox", None))
    except Exception as e:  # every case needs the pod
        results.append(("run-pod-sandbox", f"{type(e).__name__}: {e}"))
    for name, fn in cri_cases.CASES:
        if pod is None:
            results.append((name, "not run: RunPodSandbox failed"))
            continue
        start = time.monotonic()
        try:
            fn(run, pod)
            err = None
        except Exception as e:
            err = f"{type(e).__name__}: {e}"
        results.append((name, err))
        print(f"  [{run.handler}] {name}: {'ok' if err is None else err} "
              f"({time.monotonic() - start:.1f}s)", flush=True)
    try:
        if pod is not None:
            pod.remove()
        results.append(("stop-remove-pod", None))
    except Exception as e:
        results.append(("stop-remove-pod", f"{type(e).__name__}: {e}"))
    leaks = leak_report(run)
    results.append(("nothing-leaked", "; ".join(leaks) if leaks else None))
    return results


def force_cleanup(runs, daemon):
    """After a failure: remove what is left, through CRI while containerd lives, then by pid."""
    for run in runs:
        for pod_id in list(run.pods):
            for call in ("StopPodSandbox", "RemovePodSandbox"):
                try:
                    run.cri.rt(call, pod_sandbox_id=pod_id, deadline=30)
                except Exception as e:
                    print(f"cleanup: {call} {pod_id}: {e}")
    shims = daemon.shim_pids() if daemon.pid else []
    daemon.stop()
    daemon.stop_holder()
    for pid in shims:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for run in runs:
        for pid in run.pids:
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
        for p in sorted(run.netns_paths):
            subprocess.run(["umount", p], stderr=subprocess.DEVNULL)
            if os.path.exists(p):
                os.unlink(p)
        for m in reversed(run.extra_mounts):
            subprocess.run(["umount", "-R", m], stderr=subprocess.DEVNULL)
        remove_cgroup_parent(run.cgroup_parent)


def main():
    if len(sys.argv) != 3:
        print("usage: cri_test.py HAKO ROOTFS", file=sys.stderr)
        return 2
    hako, rootfs = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    preflight()
    if not os.access(hako, os.X_OK):
        print(f"FAIL: hako binary {hako} is not executable")
        return 1
    if not os.path.isfile(os.path.join(rootfs, "bin", "busybox")):
        print(f"FAIL: {rootfs}/bin/busybox missing (scripts/make-rootfs.sh {rootfs})")
        return 1
    import grpc
    t0 = time.monotonic()
    work = tempfile.mkdtemp(prefix="hako-cri.", dir="/tmp")
    handlers = {"hako": (hako, os.path.join(work, "hako-root"))}
    if os.access(RUNC, os.X_OK):
        handlers["runc"] = (RUNC, os.path.join(work, "runc-root"))
    else:
        print(f"note: {RUNC} missing (apt-get install runc): no runc comparison")
    cni_ok, cni_missing = cri_daemon.cni_usable()
    if not cni_ok:
        print(f"note: CNI plugins {cni_missing} missing in {cri_daemon.CNI_BIN_DIR} "
              "(apt-get install containernetworking-plugins): pods use the host network")
    daemon = cri_daemon.Containerd(work, handlers, cri_images.PAUSE_IMAGE, cni_ok)
    runs, table, status = [], {}, 0
    try:
        pb = compile_proto(os.path.join(work, "gen"))
        archives = [cri_images.build_pause(work), cri_images.build_busybox(work, rootfs)]
        client_factory = lambda sock: Client(grpc, pb, sock)  # noqa: E731
        cri = daemon.start(client_factory)
        for a in archives:
            cri_images.import_image(daemon.socket, a)
        for ref in (cri_images.PAUSE_IMAGE, cri_images.BUSYBOX_IMAGE):
            img = cri.img("ImageStatus", image=pb.ImageSpec(image=ref)).image
            if not img.id:
                raise RuntimeError(f"CRI does not see imported image {ref}")
        v = cri.rt("Version", version="v1")
        print(f"containerd {v.runtime_version} CRI {v.runtime_api_version}, network: "
              f"{'CNI bridge in the test netns' if cni_ok else 'host (test netns)'}", flush=True)
        for handler, (_, root) in handlers.items():
            run = Run(work, pb, daemon, client_factory, handler, root)
            runs.append(run)
            h0 = time.monotonic()
            table[handler] = run_handler(run)
            print(f"  [{handler}] done in {time.monotonic() - h0:.1f}s", flush=True)
    except Exception as e:
        print(f"FAIL: setup: {type(e).__name__}: {e}\n{daemon.tail()}")
        status = 1
    finally:
        force_cleanup(runs, daemon)
        left = mounts_under([work])
        if left:
            print(f"FAIL: mounts left under {work}: {left}")
            status = 1
        else:
            shutil.rmtree(work, ignore_errors=True)
    return report(table, status, time.monotonic() - t0)


def report(table, status, elapsed):
    names = [n for n, _ in table.get("hako", [])]
    passed = failed = 0
    for name in names:
        cells = []
        for handler, rows in table.items():
            err = dict(rows).get(name)
            cells.append(f"{handler}={'PASS' if err is None else 'FAIL'}")
        print(f"{name:18} " + " ".join(cells))
    for handler, rows in table.items():
        for name, err in rows:
            if err is not None:
                print(f"  {handler} {name}: {err}")
    for name, err in table.get("hako", []):
        passed, failed = (passed + 1, failed) if err is None else (passed, failed + 1)
    if not table.get("hako"):
        status = 1
    print(f"cri (hako): {passed} passed, {failed} failed in {elapsed:.0f}s")
    return 1 if failed or status else 0


if __name__ == "__main__":
    sys.exit(main())
