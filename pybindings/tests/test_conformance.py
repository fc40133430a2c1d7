"""The conformance runner from Python: a few programs against hako (and runc when installed)."""

import json

import pytest

import hako

from conftest import have_runtime, needs_root

# Programs that pass against hako, runc and crun (docs/conformance.md); linux_ns_nopath checks
# inside the container with runtimetest.
FEW = ["create", "state", "linux_ns_nopath"]


def test_program_registry():
    rt = hako.conformance.programs("runtime-tools")
    names = [p.name for p in rt]
    assert len(rt) >= 58 and {"create", "start", "state", "kill", "delete"} <= set(names)
    assert all(p.group == "runtime-tools" for p in rt)
    assert {p.group for p in hako.conformance.programs("all")} == {"runtime-tools", "youki"}
    cg = hako.conformance.programs("runtime-tools", ["linux_cgroups_*"])
    assert cg and all(p.name.startswith("linux_cgroups_") and p.serial == "cgrouptest" for p in cg)
    with pytest.raises(ValueError, match="no runtime-tools program matches `nope`"):
        hako.conformance.programs("runtime-tools", ["nope"])
    with pytest.raises(ValueError, match="unknown group"):
        hako.conformance.programs("other")


@needs_root
@pytest.mark.parametrize("name", ["hako", "runc"])
def test_run_a_few_programs(name):
    if not have_runtime(name):
        pytest.skip(f"runtime {name} is not installed")
    seen = []
    report = hako.conformance.run(name, FEW, jobs=2, progress=lambda r: seen.append(r.name))
    assert report.runtime == name and report.binary == hako.resolve_runtime(name)[1]
    assert sorted(seen) == sorted(FEW)
    registry = [p.name for p in hako.conformance.programs("runtime-tools", FEW)]
    assert sorted(registry) == sorted(FEW)
    assert [p.name for p in report.programs] == registry  # registry order, not finishing order
    for p in report.programs:
        assert p.outcome == "pass", f"{p.name}: {p.verdict}\n{p.stderr}"
        assert p.passed and p.ok > 0 and p.not_ok == 0 and p.exit_code == 0
        assert p.stdout.startswith("TAP version 13")
    t = report.totals
    assert (t.passed, t.failed, t.blocked) == (3, 0, 0)
    assert t.ok == sum(p.ok for p in report.programs)
    doc = json.loads(report.to_json())
    assert doc["runtime"] == report.binary and doc["jobs"] == 2
    assert [p["name"] for p in doc["programs"]] == registry


@needs_root
def test_failures_are_reported_not_raised(tmp_path):
    """A "runtime" that fails every call: programs fail with verdicts, the call itself works."""
    fake = tmp_path / "broken-runtime"
    fake.write_text("#!/bin/sh\necho 'broken-runtime: refusing' >&2\nexit 1\n")
    fake.chmod(0o755)
    report = hako.conformance.run(str(fake), ["create"], wrapper=None)
    (p,) = report.programs
    assert p.outcome == "fail" and not p.passed
    assert p.verdict.startswith("FAIL") and (p.not_ok > 0 or p.exit_code != 0)
    assert report.totals.failed == 1


@needs_root
def test_conformance_errors():
    with pytest.raises(FileNotFoundError, match="no-such-rt"):
        hako.conformance.run("no-such-rt", ["create"])
    with pytest.raises(ValueError, match="no runtime-tools program matches"):
        hako.conformance.run("hako", ["nope"])

    def boom(result):
        raise RuntimeError("progress failed")
    with pytest.raises(RuntimeError, match="progress failed"):
        hako.conformance.run("hako", ["state"], progress=boom)
