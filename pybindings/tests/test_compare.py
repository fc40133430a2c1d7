"""scripts/compare_runtimes.py on a small setting: the files it writes, and its errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import hako

from conftest import REPO, have_runtime, needs_root

SCRIPT = REPO / "scripts" / "compare_runtimes.py"


def run_script(*args):
    env = dict(os.environ)
    # The script imports the same hako package as these tests.
    env["PYTHONPATH"] = str(Path(hako.__file__).parent.parent) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=300)


@needs_root
def test_small_comparison_writes_report_and_plots(tmp_path):
    runtimes = ["hako"] + [r for r in ("runc", "crun") if have_runtime(r)]
    out = tmp_path / "cmp"
    p = run_script("--runtimes", ",".join(runtimes), "--scenarios", "run,state", "--runs", "3",
                   "--warmup", "0", "--conformance", "create,state", "--jobs", "2", "--out", str(out))
    assert p.returncode == 0, p.stderr + p.stdout
    report = (out / "report.md").read_text()
    assert "## Lifecycle medians" in report and "## Ratios of medians" in report
    assert "## Conformance" in report
    for rt in runtimes:
        assert f"| {rt} | 2 | 2 | 0 | 0 |" in report, f"conformance totals of {rt}"
    if len(runtimes) > 1:
        assert f"| {runtimes[0]} ÷ {runtimes[1]} |" in report
    for sc in ("run", "state"):
        assert f"| {sc} | " in report
        png = out / f"lifecycle-{sc}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
        assert f"({png.name})" in report
    assert (out / "lifecycle-overview.png").exists()
    bench = json.loads((out / "bench.json").read_text())
    assert {(r["scenario"], r["runtime"]) for r in bench["results"]} == \
        {(s, r) for s in ("run", "state") for r in runtimes}
    assert all(len(r["times"]) == 3 for r in bench["results"])
    for rt in runtimes:
        doc = json.loads((out / f"conformance-{rt}.json").read_text())
        assert [x["name"] for x in doc["programs"]] == ["create", "state"]
    if "crun" in runtimes and hako.hybrid_cgroups():
        assert "one private mount namespace" in report  # isolated once per session, said so
        assert "cgroup-v1-only.sh" not in bench["hako_bench"]["wrapper"]


@needs_root
def test_missing_runtime_is_one_clear_line(tmp_path):
    p = run_script("--runtimes", "hako,no-such-rt", "--out", str(tmp_path / "x"))
    assert p.returncode == 2
    assert "runtime `no-such-rt`: not found" in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "x").exists()


def test_usage_errors(tmp_path):
    p = run_script("--runs", "0")
    assert p.returncode == 2 and "--runs must be at least 1" in p.stderr
