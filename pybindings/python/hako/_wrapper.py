"""The ``wrapper="auto"`` policy shared by :mod:`hako.bench` and :mod:`hako.conformance`.

crun 1.8 refuses hybrid cgroup hierarchies. On such a host (``hybrid_cgroups()``), a run that
involves crun puts runtime calls behind ``conformance/wrappers/cgroup-v1-only.sh``, which runs
each call in a private mount namespace without ``/sys/fs/cgroup/unified``
(docs/design/test-host.md §3). The module itself never enters a namespace: the wrapper is a
separate process per call.
"""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Sequence, Union

from . import _core

WrapperArg = Union[None, str, Sequence[str]]


def cgroup_v1_wrapper() -> List[str]:
    """The wrapper argv that hides the unified cgroup2 mount from the wrapped runtime."""
    return [_core.locations()["cgroup_v1_wrapper"]]


def is_crun(name: str) -> bool:
    """Whether a runtime name (``crun``, ``/usr/bin/crun``, ``label=/path/crun``) is crun."""
    path = name.split("=", 1)[-1]
    return os.path.basename(path) == "crun" or name.split("=", 1)[0] == "crun"


def auto_wrapper(runtimes: Iterable[str]) -> Optional[List[str]]:
    """The cgroup-v1 wrapper when the host is hybrid and crun is among ``runtimes``, else None."""
    runtimes = list(runtimes)
    if _core.hybrid_cgroups() and any(is_crun(r) for r in runtimes):
        return cgroup_v1_wrapper()
    return None


def resolve(wrapper: WrapperArg, runtimes: Iterable[str]) -> Optional[Union[str, List[str]]]:
    """``"auto"``: the cgroup-v1 wrapper when the host is hybrid and crun is among ``runtimes``,
    else none. Anything else is passed through (a string is split like a shell command)."""
    if isinstance(wrapper, str) and wrapper == "auto":
        return auto_wrapper(runtimes)
    if wrapper is None or isinstance(wrapper, str):
        return wrapper
    return list(wrapper)
