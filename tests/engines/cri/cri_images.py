"""Images for hako's CRI test without a registry: docker-archive tarballs (manifest.json, image
config, one uncompressed layer) built from a static pause program and from the busybox test
rootfs, then imported into containerd's k8s.io namespace with `ctr images import`."""
import hashlib
import io
import json
import os
import subprocess
import tarfile

PAUSE_IMAGE = "localhost/hako-cri/pause:test"
BUSYBOX_IMAGE = "localhost/hako-cri/busybox:test"
_HERE = os.path.dirname(os.path.abspath(__file__))


def _sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _write_archive(out_path, layer_path, ref, image_config):
    diff_id = _sha256_file(layer_path)
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "config": image_config,
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]},
    }, sort_keys=True).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [ref],
                            "Layers": [diff_id + "/layer.tar"]}]).encode()
    with tarfile.open(out_path, "w") as tar:
        tar.add(layer_path, arcname=diff_id + "/layer.tar")
        _add_bytes(tar, config_name, config)
        _add_bytes(tar, "manifest.json", manifest)


def _layer_from_tree(layer_path, root):
    """A layer holding root's entries (symlinks kept as links), owned by root."""
    def owned_by_root(info):
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info
    with tarfile.open(layer_path, "w") as tar:
        for entry in sorted(os.listdir(root)):
            tar.add(os.path.join(root, entry), arcname=entry, filter=owned_by_root)


def build_pause(work):
    """Compiles pause.c with gcc -static; the image holds only /pause, like Kubernetes'."""
    tree = os.path.join(work, "pause-tree")
    os.makedirs(tree, exist_ok=True)
    subprocess.run(["gcc", "-static", "-O2", "-o", os.path.join(tree, "pause"),
                    os.path.join(_HERE, "pause.c")], check=True)
    layer = os.path.join(work, "pause-layer.tar")
    _layer_from_tree(layer, tree)
    out = os.path.join(work, "pause-image.tar")
    _write_archive(out, layer, PAUSE_IMAGE, {"Entrypoint": ["/pause"]})
    return out


def build_busybox(work, rootfs):
    layer = os.path.join(work, "busybox-layer.tar")
    _layer_from_tree(layer, rootfs)
    out = os.path.join(work, "busybox-image.tar")
    _write_archive(out, layer, BUSYBOX_IMAGE,
                   {"Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"]})
    return out


def import_image(socket_path, archive):
    subprocess.run(["ctr", "--address", socket_path, "-n", "k8s.io", "images", "import", archive],
                   check=True, stdout=subprocess.DEVNULL)
