"""hako — Python bindings of the hako OCI runtime project.

* :class:`Config` — a bundle's config.json with typed attributes, checked by the runtime's own
  parser and validator (in-process; nothing is run).
* :class:`Runtime` — drives any OCI runtime binary (hako, runc, crun, a path) through its
  command line, optionally behind a wrapper: create, start, state, kill, delete, run, exec.
* :mod:`hako.conformance` — the runtime-tools conformance suite against a runtime.
* :mod:`hako.bench` — the hyperfine-style benchmark engine and the lifecycle scenarios.

Lifecycle calls exec the runtime; the interpreter process never clones or enters namespaces.
Long calls release the GIL. Failures raise :class:`HakoError` (an ``OSError``) or a subclass.
"""

import importlib.util as _util

if _util.find_spec(__name__ + "._core") is None:  # the source package: nothing compiled next to it
    raise ImportError(
        f"hako: {__path__[0]} has no compiled extension _core; this is the source package. Install "
        "hako (scripts/setup.sh) and import it from another directory, or put a build's "
        "pybindings/ directory first on PYTHONPATH (PYTHONPATH=build/pybindings)")

from ._core import (  # noqa: E402
    OCI_VERSION,
    Config,
    IdMapping,
    LinuxConfig,
    Mount,
    Namespace,
    ProcessConfig,
    Rlimit,
    RootConfig,
    RunResult,
    Runtime,
    State,
    UserConfig,
    __version__,
    hybrid_cgroups,
    locations,
    resolve_runtime,
)
from ._errors import (  # noqa: E402
    HakoChildProcessError,
    HakoError,
    HakoFileExistsError,
    HakoFileNotFoundError,
    HakoInterruptedError,
    HakoPermissionError,
    HakoTimeoutError,
    HakoValueError,
    RuntimeCommandError,
    SpecError,
)
from ._wrapper import auto_wrapper, cgroup_v1_wrapper  # noqa: E402
from . import bench, conformance  # noqa: E402


def default_spec(rootless: bool = False) -> Config:
    """The starter config.json `hako spec` writes (see :meth:`Config.default`)."""
    return Config.default(rootless)


__all__ = [
    "OCI_VERSION", "Config", "IdMapping", "LinuxConfig", "Mount", "Namespace", "ProcessConfig",
    "Rlimit", "RootConfig", "RunResult", "Runtime", "State", "UserConfig", "__version__",
    "hybrid_cgroups", "locations", "resolve_runtime", "default_spec", "bench", "conformance", "auto_wrapper", "cgroup_v1_wrapper",
    "HakoError", "SpecError", "RuntimeCommandError", "HakoFileNotFoundError", "HakoFileExistsError",
    "HakoPermissionError", "HakoTimeoutError", "HakoValueError", "HakoInterruptedError", "HakoChildProcessError",
]
