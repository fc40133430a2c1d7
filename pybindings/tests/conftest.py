"""Shared fixtures: which `hako` package is tested, a busybox rootfs, bundles, private runtime
state directories, and container cleanup that runs even when a test fails.

The package under test is the freshest one: $HAKO_PY_BUILD_DIR/pybindings, else
<repo>/build/pybindings (what scripts/test.sh has just rebuilt), else the installed one. The
pytest header says which.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _package_dir():
    build = os.environ.get("HAKO_PY_BUILD_DIR")
    candidates = [Path(build) / "pybindings"] if build else [REPO / "build" / "pybindings"]
    for c in candidates:
        if list((c / "hako").glob("_core*.so")):
            return c
    return None


_PKG = _package_dir()
if _PKG is not None:
    sys.path.insert(0, str(_PKG))

import hako  # noqa: E402

IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="runs containers: needs root")


def pytest_report_header(config):
    return f"hako module: {Path(hako.__file__).parent} (version {hako.__version__})"


def have_runtime(name: str) -> bool:
    try:
        hako.resolve_runtime(name)
        return True
    except FileNotFoundError:
        return False


def runtime_wrapper(name: str):
    """crun needs the cgroup-v1 wrapper on this hybrid-cgroup host (docs/design/test-host.md)."""
    return hako.auto_wrapper([name])


@pytest.fixture(scope="session")
def rootfs(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("rootfs") / "rootfs"
    subprocess.run([str(REPO / "scripts" / "make-rootfs.sh"), str(dest)], check=True,
                   stdout=subprocess.DEVNULL)
    return dest


@pytest.fixture
def make_bundle(tmp_path, rootfs):
    """make_bundle(args) → a bundle directory whose config runs `args` in the busybox rootfs."""
    counter = itertools.count()

    def make(args, **changes):
        bundle = tmp_path / f"bundle{next(counter)}"
        bundle.mkdir()
        cfg = hako.Config.default()
        # crun 1.8.1 rejects ociVersion 1.2.0 (hako's default) with "unknown version specified".
        cfg.oci_version = "1.1.0"
        cfg.root.path = str(rootfs)
        cfg.root.readonly = True
        cfg.process.terminal = False
        cfg.process.args = list(args)
        for key, value in changes.items():
            setattr(cfg, key, value)
        cfg.save(str(bundle))
        return bundle

    return make


_ids = itertools.count()


@pytest.fixture
def container_id(request):
    """A fresh container id per call; every id handed out is force-deleted after the test by
    the runtime it was used with (see `runtime`)."""
    ids = []

    def new(prefix="pyt"):
        cid = f"{prefix}-{os.getpid()}-{next(_ids)}"
        ids.append(cid)
        return cid

    new.ids = ids
    return new


@pytest.fixture(params=["hako", "runc", "crun"])
def runtime(request, tmp_path, container_id):
    """Each runtime that is installed, with a private --root; its containers are force-deleted
    afterwards, also when the test fails."""
    name = request.param
    if not IS_ROOT:
        pytest.skip("runs containers: needs root")
    if not have_runtime(name):
        pytest.skip(f"runtime {name} is not installed")
    state = tmp_path / f"state-{name}"
    rt = hako.Runtime(name, root=str(state), wrapper=runtime_wrapper(name), timeout=30)
    yield rt
    for cid in container_id.ids:
        try:
            rt.delete(cid, force=True)
        except hako.HakoError:
            pass  # never created, or already gone
    shutil.rmtree(state, ignore_errors=True)
