"""How runtimes are isolated from this host's hybrid cgroups, shared by :mod:`hako.bench` and
:mod:`hako.conformance`.

crun 1.8 refuses hybrid cgroup hierarchies. Two ways around it (docs/design/test-host.md §3):

- *session* (what benchmarks use): the whole measurement runs in one private mount namespace
  without ``/sys/fs/cgroup/unified``, entered once by a forked child of the interpreter (as
  ``hako-bench --mount-ns auto``); nothing is added per run. The interpreter's own namespace is
  never changed.
- *wrapper*: every runtime call goes through ``conformance/wrappers/cgroup-v1-only.sh``, a new
  process and mount namespace per call, whose cost is then part of every measured number. The
  conformance suite uses it for crun (it reports verdicts, not times); benchmarks only when
  asked explicitly.
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


ISOLATIONS = ("auto", "session", "wrapper", "none")


def needs_isolation(runtimes: Iterable[str]) -> bool:
    """Whether crun is among ``runtimes`` on a hybrid-cgroup host."""
    return _core.hybrid_cgroups() and any(is_crun(r) for r in runtimes)


def resolve_isolation(isolation: str, runtimes: Iterable[str]) -> str:
    """``"auto"``: ``"session"`` when :func:`needs_isolation`, else ``"none"``; the others as
    given (``"session"``, ``"wrapper"``, ``"none"``)."""
    if isolation not in ISOLATIONS:
        raise ValueError(f"isolation must be one of {', '.join(ISOLATIONS)}, not `{isolation}`")
    if isolation == "auto":
        return "session" if needs_isolation(list(runtimes)) else "none"
    return isolation
