"""A private containerd for hako's CRI test: its own config, socket, root, state and opt
directories under the test's temp dir, runtime handlers `hako` and `runc` (both the runc v2
shim, BinaryName selecting the binary, cgroupfs driver), and a CNI bridge network. containerd
runs in a network namespace made for the test (`unshare --net`, entered with nsenter), so the
bridge, the veth pairs and the pods' "host" network all live there and nothing touches the
machine's network."""
import json
import os
import signal
import subprocess
import time

CNI_BIN_DIR = "/usr/lib/cni"
POD_SUBNET = "10.244.77.0/24"   # only inside the test's own network namespace
POD_GATEWAY = "10.244.77.1"


def has_cap_sys_resource():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("CapBnd:"):
                return bool(int(line.split()[1], 16) & (1 << 24))
    return False


def _config_toml(work, runtimes, sandbox_image, with_cni):
    sock = os.path.join(work, "containerd.sock")
    lines = [
        "version = 2",
        f'root = "{work}/root"',
        f'state = "{work}/state"',
        'disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",'
        ' "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",'
        ' "io.containerd.tracing.processor.v1.otlp"]',
        "[grpc]", f'  address = "{sock}"',
        "[ttrpc]", f'  address = "{sock}.ttrpc"',
        "[metrics]", '  address = ""',
        '[plugins."io.containerd.internal.v1.opt"]', f'  path = "{work}/opt"',
        '[plugins."io.containerd.grpc.v1.cri"]',
        f'  sandbox_image = "{sandbox_image}"',
        '  stream_server_address = "127.0.0.1"',
        '  stream_server_port = "0"',
        '  enable_selinux = false',
        # Without CAP_SYS_RESOURCE nobody may lower oom_score_adj (the sandbox gets -998 by
        # default), so cap it at containerd's own value, as rootless setups do.
        f'  restrict_oom_score_adj = {"false" if has_cap_sys_resource() else "true"}',
        '[plugins."io.containerd.grpc.v1.cri".containerd]',
        '  snapshotter = "overlayfs"',
        '  default_runtime_name = "runc"',
    ]
    for name, (binary, root) in runtimes.items():
        table = f'[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.{name}]'
        lines += [table, '  runtime_type = "io.containerd.runc.v2"',
                  table[:-1] + ".options]", f'  BinaryName = "{binary}"', f'  Root = "{root}"',
                  "  SystemdCgroup = false"]
    lines += ['[plugins."io.containerd.grpc.v1.cri".cni]',
              f'  bin_dir = "{CNI_BIN_DIR}"',
              f'  conf_dir = "{work}/cni/net.d"' if with_cni else f'  conf_dir = "{work}/no-cni"',
              "  max_conf_num = 1"]
    return "\n".join(lines) + "\n"


def _cni_conflist(work):
    return {
        "cniVersion": "0.4.0", "name": "hako-cri",
        "plugins": [{
            "type": "bridge", "bridge": "hakocri0", "isGateway": True, "ipMasq": False,
            "ipam": {"type": "host-local", "ranges": [[{"subnet": POD_SUBNET,
                                                         "gateway": POD_GATEWAY}]],
                     "dataDir": f"{work}/cni/ipam"},
        }],
    }


def cni_usable():
    """The bridge, host-local and loopback plugins from Debian's containernetworking-plugins."""
    missing = [p for p in ("bridge", "host-local", "loopback")
               if not os.access(os.path.join(CNI_BIN_DIR, p), os.X_OK)]
    return (not missing), missing


def _wait(pred, what, deadline_s):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.02)
    raise RuntimeError(f"timed out after {deadline_s}s waiting for {what}")


class Containerd:
    def __init__(self, work, runtimes, sandbox_image, with_cni):
        self.work = work
        self.socket = os.path.join(work, "containerd.sock")
        self.log_path = os.path.join(work, "containerd.log")
        self.proc = None
        self.holder = None
        self.client = None
        os.makedirs(os.path.join(work, "cni", "net.d"), exist_ok=True)
        if with_cni:
            with open(os.path.join(work, "cni", "net.d", "10-hako-cri.conflist"), "w") as f:
                json.dump(_cni_conflist(work), f)
        self.config = os.path.join(work, "config.toml")
        with open(self.config, "w") as f:
            f.write(_config_toml(work, runtimes, sandbox_image, with_cni))

    def start(self, client_factory, deadline_s=30):
        """Starts containerd in the test's network namespace and waits for CRI to answer. The
        namespace belongs to a holder process made on the first start (`unshare --net`, loopback
        up), so a restarted containerd finds its bridge and its host-network pods again."""
        if self.holder is None:
            self.holder = subprocess.Popen(
                ["unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec sleep 100000"],
                stdin=subprocess.DEVNULL)
            _wait(lambda: self._holder_ready(), "the network namespace holder", 10)
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            ["nsenter", f"--net=/proc/{self.holder.pid}/ns/net", "--",
             "containerd", "--config", self.config],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        end = time.monotonic() + deadline_s
        last = None
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"containerd exited with {self.proc.returncode}: {self.tail()}")
            if os.path.exists(self.socket):
                client = client_factory(self.socket)
                try:
                    client.rt("Version", deadline=2, version="v1")
                    self.client = client
                    return client
                except Exception as e:  # not ready yet
                    last = e
                    client.close()
            time.sleep(0.1)
        raise RuntimeError(f"containerd's CRI did not answer in {deadline_s}s ({last}): {self.tail()}")

    def _holder_ready(self):
        if self.holder.poll() is not None:
            raise RuntimeError(f"unshare --net exited with {self.holder.returncode}")
        try:
            return os.readlink(f"/proc/{self.holder.pid}/exe").endswith("/sleep") and \
                os.stat(f"/proc/{self.holder.pid}/ns/net").st_ino != os.stat("/proc/self/ns/net").st_ino
        except OSError:
            return False

    def restart(self, client_factory):
        if self.client:
            self.client.close()
        self.stop()
        return self.start(client_factory)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def netns_inode(self):
        return os.stat(f"/proc/{self.holder.pid}/ns/net").st_ino

    def tail(self, n=15):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def shim_pids(self):
        """The runc v2 shims serving this containerd (their -address names our socket)."""
        out = []
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"containerd-shim-runc-v2") and self.socket.encode() in argv:
                out.append(int(d))
        return out

    def stop(self, grace_s=10):
        if not self.proc or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def stop_holder(self):
        if self.holder and self.holder.poll() is None:
            self.holder.kill()
            self.holder.wait()
