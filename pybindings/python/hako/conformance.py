"""The conformance suite (the C++ port of opencontainers/runtime-tools) against any runtime.

Each program runs in its own ``hako-conformance`` process, exactly as the command-line runner
does; verdicts and totals come from the runner's own code::

    report = hako.conformance.run("runc", ["create", "start", "state"])
    report.totals.passed, [p.verdict for p in report.programs]

Needs root, and the conformance targets of the build the module came from (see
:func:`hako.locations`).
"""

from __future__ import annotations

from typing import Callable, Iterable, List, Optional, Sequence

from . import _core, _wrapper
from ._core import ConformanceProgram, ConformanceReport, ConformanceTotals, ProgramResult

__all__ = ["programs", "run", "ConformanceProgram", "ConformanceReport", "ConformanceTotals",
           "ProgramResult"]


def programs(group: str = "all", filters: Iterable[str] = ()) -> List[ConformanceProgram]:
    """Registered programs of ``group`` (runtime-tools, youki, all) matching the fnmatch globs."""
    return _core.conformance_programs(group, list(filters))


def run(runtime: str = "hako", programs: Sequence[str] = (), *,
        wrapper: _wrapper.WrapperArg = "auto", group: str = "runtime-tools", jobs: int = 1,
        timeout: int = 180, known_gaps: Optional[str] = None, tmpdir: Optional[str] = None,
        progress: Optional[Callable[[ProgramResult], None]] = None) -> ConformanceReport:
    """Runs ``programs`` (names or globs; the whole group when empty) against ``runtime``.

    ``wrapper="auto"`` puts crun behind the cgroup-v1 wrapper on a hybrid-cgroup host; pass
    ``None`` for no wrapper, or a command (string or list) to prefix every runtime call.
    ``progress(result)`` is called after each program. Raises ``PermissionError`` when not
    root, ``FileNotFoundError`` for a missing runtime, ``ValueError`` (:class:`hako.HakoValueError`)
    when no program matches.
    """
    return _core.run_conformance(
        runtime, wrapper=_wrapper.resolve(wrapper, [runtime]), programs=list(programs),
        group=group, jobs=jobs, timeout=timeout, known_gaps=known_gaps, tmpdir=tmpdir,
        progress=progress)
