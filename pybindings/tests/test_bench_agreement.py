"""The Python benchmark API and hako-bench tell the same truth (issue 18): the hako ÷ crun ratio
of medians for `run` from hako.bench.lifecycle and from the hako-bench binary, measured in the
same test on the same rootfs, agree within 0.10, and both say hako is faster.

A benchmark-style comparison of ratios, never an absolute time. The two tools cannot share one
interleaved benchmark, so machine drift (this 2-core VM is shared) would hit them differently:
they alternate in ROUNDS chunks and each tool's samples are pooled before its medians are
taken. With the per-call wrapper
(hako.bench.lifecycle(..., isolation="wrapper"), the old default) the Python ratio came out at
about 0.85 against hako-bench's 0.5: this test fails that way.
"""

import json
import statistics
import subprocess
from pathlib import Path

import pytest

import hako

from conftest import have_runtime, needs_root

ROUNDS = 6
RUNS = 15      # per round and tool
WARMUP = 2
TOLERANCE = 0.10


def hako_bench_binary() -> Path:
    # hako-bench-spawn lives next to hako-bench (bench/CMakeLists.txt).
    return Path(hako.locations()["spawn_helper"]).parent / "hako-bench"


def pool(into, results, scenario="run"):
    for r in results:
        if r["scenario"] == scenario:
            into.setdefault(r["runtime"], []).extend(r["times"])


def ratio(pooled):
    return statistics.median(pooled["hako"]) / statistics.median(pooled["crun"])


@needs_root
@pytest.mark.skipif(not have_runtime("crun"), reason="crun is not installed (apt-get install crun)")
def test_run_ratio_agrees_with_hako_bench(tmp_path, rootfs):
    binary = hako_bench_binary()
    if not binary.exists():
        pytest.skip(f"{binary} is not built (cmake --build build --target hako-bench)")
    py, cli = {}, {}
    out = tmp_path / "cli.json"
    for round_ in range(ROUNDS):
        report = hako.bench.lifecycle(["hako", "crun"], ["run"], runs=RUNS, warmup=WARMUP,
                                      order="interleaved", seed=round_, rootfs=str(rootfs))
        if hako.hybrid_cgroups():
            assert "one private mount namespace" in report.info["mount_namespace"]
            assert report.info["wrapper"] == "none"  # nothing per call
        pool(py, [r.to_dict() for r in report.results])
        p = subprocess.run([str(binary), "lifecycle", "--runtimes", "hako,crun", "--scenario",
                            "run", "--runs", str(RUNS), "--warmup", str(WARMUP), "--interleave",
                            "--seed", str(round_), "--style", "none", "--rootfs", str(rootfs),
                            "--export-json", str(out)], capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stderr
        pool(cli, json.loads(out.read_text())["results"])
    py_ratio, cli_ratio = ratio(py), ratio(cli)

    msg = f"hako ÷ crun for `run`: Python API {py_ratio:.3f}, hako-bench {cli_ratio:.3f}"
    print(msg)
    assert py_ratio < 1 and cli_ratio < 1, msg
    assert abs(py_ratio - cli_ratio) <= TOLERANCE, msg


@needs_root
def test_isolation_modes_are_labelled():
    with pytest.raises(ValueError, match="isolation must be one of"):
        hako.bench.lifecycle(["hako"], ["version"], runs=1, isolation="sideways")
    report = hako.bench.lifecycle(["hako"], ["version"], runs=2, isolation="session")
    assert "one private mount namespace" in report.info["mount_namespace"]
    assert report.info["wrapper"] == "none"
    report = hako.bench.lifecycle(["hako"], ["version"], runs=2, isolation="wrapper")
    assert "cgroup-v1-only.sh" in report.info["wrapper"]
    assert "every runtime call goes through the wrapper" in report.info["mount_namespace"] \
        or not hako.hybrid_cgroups()
    assert hako.bench.resolve_isolation("auto", ["hako"]) == "none"
    if hako.hybrid_cgroups():
        assert hako.bench.resolve_isolation("auto", ["hako", "crun"]) == "session"
