"""The benchmark engine: plain commands and lifecycle scenarios, results as objects with the
fields of hako-bench's JSON export."""

import dataclasses
import json

import pytest

import hako
from hako.bench import BenchmarkResult

from conftest import have_runtime, needs_root


def assert_matches_export(report):
    """Every result object has exactly the export's members, with the same values."""
    doc = json.loads(report.to_json())
    assert len(doc["results"]) == len(report.results)
    fields = {f.name for f in dataclasses.fields(BenchmarkResult)} - {"extra"}
    for entry, r in zip(doc["results"], report.results):
        assert r.extra == {}, f"export members the module does not know: {sorted(r.extra)}"
        assert set(entry) <= fields
        for key, value in entry.items():
            got = getattr(r, key)
            assert (list(got) if isinstance(got, tuple) else got) == value, key
        assert r.to_dict() == entry
    assert report.info == doc["hako_bench"]


def test_commands_like_hyperfine():
    seen = []
    report = hako.bench.commands([["true"], "sh -c 'exit 0'"], names=["true", "sh"], runs=5,
                                 warmup=1, reference="true", progress=seen.append)
    assert [r.command for r in report.results] == ["true", "sh"]
    for r in report.results:
        assert r.runs == 5 and len(r.memory_usage_byte) == 5 and r.exit_codes == [0] * 5
        assert 0 < r.min <= r.median <= r.max
        assert r.reference == "true"
    assert report.results[0].median_ratio == 1.0
    assert report.results[1].command_line == "sh -c 'exit 0'"
    assert report.info["mode"] == "run" and report.info["order"] == "sequential"
    assert "hako-bench-spawn" in report.info["memory_usage_source"]
    assert len(seen) == 2 and seen[0].startswith("true: 5 runs, median ")
    assert_matches_export(report)


def test_command_errors():
    with pytest.raises(ValueError, match="no commands"):
        hako.bench.commands([])
    with pytest.raises(ValueError, match="reference `x`"):
        hako.bench.commands([["true"]], runs=1, reference="x")
    with pytest.raises(ValueError, match="order"):
        hako.bench.commands([["true"]], runs=1, order="sideways")
    with pytest.raises(hako.HakoError, match="non-zero exit code 1"):
        hako.bench.commands([["false"]], runs=2)
    failing = hako.bench.commands([["false"]], runs=2, ignore_failure=True)
    assert failing.results[0].exit_codes == [1, 1]


def test_progress_exceptions_propagate():
    def boom(line):
        raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        hako.bench.commands([["true"]], runs=2, progress=boom)


@needs_root
def test_lifecycle_scenarios_over_runtimes():
    runtimes = ["hako"] + (["runc"] if have_runtime("runc") else [])
    report = hako.bench.lifecycle(runtimes, ["run", "cycle"], runs=3, warmup=0, seed=7,
                                  wrapper=None)
    assert report.scenarios() == ["run", "cycle"]
    assert report.runtimes() == runtimes
    for sc in ("run", "cycle"):
        for rt in runtimes:
            r = report.result(sc, rt)
            assert r.runs == 3 and r.exit_codes == [0, 0, 0] and r.median > 0
            assert r.reference == runtimes[0] or r.reference in runtimes
    ref = report.info["reference_runtime"]
    assert report.result("run", ref).median_ratio == 1.0
    assert report.info["mode"] == "lifecycle" and report.info["seed"] == 7
    assert report.info["wrapper"] == "none"
    assert "| run | hako |" in report.table
    assert report.skipped == []
    assert_matches_export(report)
    with pytest.raises(KeyError):
        report.result("run", "nope")


@needs_root
def test_lifecycle_missing_runtime_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="runtime `no-such-rt`: not found"):
        hako.bench.lifecycle(["hako", "no-such-rt"], ["version"], runs=1)
    report = hako.bench.lifecycle(["hako", "no-such-rt"], ["version"], runs=2, skip_missing=True)
    assert report.runtimes() == ["hako"]
    assert report.skipped[0][0] == "no-such-rt" and "not found" in report.skipped[0][1]
    with pytest.raises(ValueError, match="unknown scenario `nap`"):
        hako.bench.lifecycle(["hako"], ["nap"], runs=1)


def test_scenario_names():
    assert {"cycle", "run", "create", "start", "state", "delete", "exec"} <= set(hako.bench.scenarios())
