"""The benchmark engine (hako-bench's, hyperfine 1.15's statistics) from Python.

:func:`lifecycle` runs container lifecycle scenarios (cycle, run, create, start, state, delete,
exec, version, ...) over runtimes, interleaved so that machine drift hits all alike, and
compares each runtime with a reference runtime (median ratio with a bootstrap interval, and
hyperfine's mean ratio). :func:`commands` benchmarks plain commands like ``hyperfine -N``.

Both return a :class:`BenchmarkReport` whose :class:`BenchmarkResult` objects have exactly the
fields of hako-bench's JSON export (``report.to_json()`` is that export)::

    report = hako.bench.lifecycle(["hako", "runc"], ["run"], runs=20)
    for r in report.results:
        print(r.scenario, r.runtime, r.median, r.median_ratio)
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

from . import _core, _wrapper

__all__ = ["BenchmarkResult", "BenchmarkReport", "lifecycle", "commands", "scenarios",
           "resolve_isolation"]

resolve_isolation = _wrapper.resolve_isolation

Progress = Optional[Callable[[str], None]]


@dataclass(frozen=True)
class BenchmarkResult:
    """One benchmarked command (one runtime in one scenario); times in seconds, memory in bytes.

    The fields are the members of one entry of the export's ``results`` list, in its order;
    ``scenario`` and ``runtime`` are the lifecycle labels (None for plain commands), and
    ``extra`` keeps any member this version does not know.
    """

    command: str
    mean: float
    stddev: Optional[float]
    median: float
    user: float
    system: float
    min: float
    max: float
    times: List[float]
    exit_codes: List[Optional[int]]
    command_line: str
    memory_usage_byte: List[int]
    user_times: List[float]
    system_times: List[float]
    parameters: Dict[str, str] = field(default_factory=dict)
    reference: Optional[str] = None
    relative_speed: Optional[float] = None
    relative_speed_stddev: Optional[float] = None
    median_ratio: Optional[float] = None
    median_ratio_ci: Optional[Tuple[float, float]] = None
    scenario: Optional[str] = None
    runtime: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "BenchmarkResult":
        names = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        known = {k: v for k, v in d.items() if k in names}
        if known.get("median_ratio_ci") is not None:
            known["median_ratio_ci"] = tuple(known["median_ratio_ci"])
        return cls(**known, extra={k: v for k, v in d.items() if k not in names})

    def to_dict(self) -> Dict[str, Any]:
        """The export entry this result was read from (same keys, same values)."""
        return dict(self._source)

    @property
    def runs(self) -> int:
        return len(self.times)

    @property
    def _source(self) -> Dict[str, Any]:
        return object.__getattribute__(self, "_raw")


def _result(d: Dict[str, Any]) -> BenchmarkResult:
    r = BenchmarkResult.from_dict(d)
    object.__setattr__(r, "_raw", d)
    return r


@dataclass(frozen=True)
class BenchmarkReport:
    """All results of one benchmark, the run description, and the export itself."""

    results: List[BenchmarkResult]
    info: Dict[str, Any]  # the export's "hako_bench" block (order, seed, wrapper, versions, ...)
    json: str             # hako-bench's --export-json document
    table: str            # lifecycle: the side-by-side Markdown table (hako-bench --export-report)
    skipped: List[Tuple[str, str]]  # runtimes left out (skip_missing=True) and why

    def to_json(self) -> str:
        return self.json

    def scenarios(self) -> List[str]:
        return list(dict.fromkeys(r.scenario for r in self.results if r.scenario))

    def runtimes(self) -> List[str]:
        return list(dict.fromkeys(r.runtime for r in self.results if r.runtime))

    def result(self, scenario: str, runtime: str) -> BenchmarkResult:
        for r in self.results:
            if r.scenario == scenario and r.runtime == runtime:
                return r
        raise KeyError(f"no result for scenario {scenario!r} and runtime {runtime!r}")


def _report(out: Tuple[str, str, List[Tuple[str, str]]]) -> BenchmarkReport:
    text, table, skipped = out
    doc = json.loads(text)
    return BenchmarkReport([_result(d) for d in doc["results"]], doc.get("hako_bench", {}), text,
                           table, [tuple(s) for s in skipped])


def scenarios() -> List[str]:
    """Lifecycle scenario names; append ``+seccomp`` for the bundle with a seccomp profile."""
    return list(_core.bench_scenarios())


def lifecycle(runtimes: Sequence[str] = ("hako", "runc", "crun"),
              scenarios: Sequence[str] = ("cycle", "run"), *,
              runs: Optional[int] = None, warmup: int = 0, min_runs: int = 10,
              max_runs: Optional[int] = None, min_time: float = 3.0,
              order: str = "interleaved", seed: Optional[int] = None,
              reference: Optional[str] = None, isolation: str = "auto",
              wrapper: _wrapper.WrapperArg = None,
              skip_missing: bool = False, rootfs: Optional[str] = None,
              tmpdir: Optional[str] = None, burst: int = 10, ignore_failure: bool = False,
              progress: Progress = None) -> BenchmarkReport:
    """Benchmarks lifecycle ``scenarios`` for each runtime (``hako-bench lifecycle``).

    Runtimes are names (``hako`` is this build's binary), paths or ``LABEL=PATH``; each gets a
    private ``--root`` in a temporary workspace that is torn down on every exit path. ``runs``
    fixes the number of timed runs (else hyperfine's rule: at least ``min_runs`` and
    ``min_time`` seconds). ``reference`` defaults to crun when present, else the first runtime.
    ``isolation="auto"``: on a hybrid-cgroup host with crun among the runtimes, the whole
    benchmark runs in one private mount namespace without the unified cgroup2 mount (a child
    process enters it once, as ``hako-bench --mount-ns auto`` does), so every runtime sees pure
    cgroup v1 and nothing is added per run; otherwise in this process's namespace.
    ``"session"`` forces that namespace, ``"none"`` never uses it, and ``"wrapper"`` puts
    *every* call of every runtime behind ``wrapper`` (default: the cgroup-v1 wrapper, a new
    mount namespace per call whose cost is then in every number). The export's
    ``mount_namespace`` and ``wrapper`` say which was used. ``wrapper`` may also prefix calls
    in the other modes (the same for every runtime). A missing runtime raises
    ``FileNotFoundError`` naming it, a runtime that cannot run the bundle
    ``ChildProcessError``, unless ``skip_missing`` leaves them out (see ``report.skipped``).
    Needs root. Ctrl-C stops after the current run, cleans up and raises KeyboardInterrupt.
    """
    runtimes = list(runtimes)
    mode = _wrapper.resolve_isolation(isolation, runtimes)
    prefix = _wrapper.resolve(wrapper, runtimes)
    if mode == "wrapper":
        prefix = prefix if prefix is not None else _wrapper.cgroup_v1_wrapper()
    out = _core.bench_lifecycle(
        runtimes, list(scenarios), runs=runs, warmup=warmup, min_runs=min_runs,
        max_runs=max_runs, min_time=min_time, order=order, seed=seed, reference=reference,
        wrapper=prefix, skip_missing=skip_missing, rootfs=rootfs, tmpdir=tmpdir, burst=burst,
        ignore_failure=ignore_failure, progress=progress,
        isolation="session" if mode == "session" else "none")
    return _report(out)


def commands(commands: Sequence[Union[str, Sequence[str]]], *, names: Sequence[str] = (),
             runs: Optional[int] = None, warmup: int = 0, min_runs: int = 10,
             max_runs: Optional[int] = None, min_time: float = 3.0, order: str = "sequential",
             seed: Optional[int] = None, reference: Optional[str] = None,
             ignore_failure: bool = False, progress: Progress = None) -> BenchmarkReport:
    """Benchmarks commands without a shell (``hyperfine -N``): each is an argv list, or a
    string split like hyperfine splits it."""
    argvs = [_split(c) for c in commands]
    out = _core.bench_commands(argvs, names=list(names), runs=runs, warmup=warmup,
                               min_runs=min_runs, max_runs=max_runs, min_time=min_time,
                               order=order, seed=seed, reference=reference,
                               ignore_failure=ignore_failure, progress=progress)
    return _report(out)


def _split(command: Union[str, Sequence[str]]) -> List[str]:
    if isinstance(command, str):
        return list(_core.shell_split(command))
    return list(command)
