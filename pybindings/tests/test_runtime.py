"""The runtime driver against real containers: hako, runc and crun (each when installed)."""

import errno
import threading
import time

import pytest

import hako

from conftest import needs_root


def wait_status(rt, cid, want, timeout=10.0):
    deadline = time.monotonic() + timeout
    st = rt.state(cid)
    while st.status != want and time.monotonic() < deadline:
        time.sleep(0.02)
        st = rt.state(cid)
    return st


def test_create_start_state_kill_delete(runtime, make_bundle, container_id, tmp_path):
    bundle = make_bundle(["sleep", "100"])
    cid = container_id()
    pid_file = tmp_path / "pid"
    runtime.create(cid, str(bundle), pid_file=str(pid_file))
    st = runtime.state(cid)
    assert isinstance(st, hako.State)
    assert (st.id, st.status, st.bundle) == (cid, "created", str(bundle))
    assert st.pid > 0 and int(pid_file.read_text()) == st.pid
    assert st.to_dict()["status"] == "created"
    runtime.start(cid)
    assert runtime.state(cid).status == "running"
    runtime.kill(cid, "KILL")
    assert wait_status(runtime, cid, "stopped").status == "stopped"
    runtime.delete(cid)
    with pytest.raises(hako.RuntimeCommandError) as info:
        runtime.state(cid)
    assert info.value.exit_status != 0
    assert info.value.argv[-2:] == ["state", cid]


def test_run_reports_the_exit_status_and_output(runtime, make_bundle, container_id):
    r = runtime.run(container_id(), str(make_bundle(["sh", "-c", "echo out; echo err >&2; exit 3"])))
    assert r.exit_code == 3 and not r.ok
    assert r.status == "exit status 3"
    assert r.stdout == "out\n"
    assert "err" in r.stderr
    ok = runtime.run(container_id(), str(make_bundle(["true"])))
    assert ok.exit_code == 0 and ok.ok and ok.seconds > 0
    with pytest.raises(hako.RuntimeCommandError) as info:
        runtime.run(container_id(), str(make_bundle(["false"])), check=True)
    assert info.value.exit_status == 1


def test_exec_in_a_running_container(runtime, make_bundle, container_id):
    cid = container_id()
    runtime.run(cid, str(make_bundle(["sleep", "100"])), detach=True, check=True)
    assert runtime.state(cid).status == "running"
    # /bin/sh, not sh: crun 1.8.1's `exec --env` replaces the environment (PATH included)
    # where runc and hako add to it.
    r = runtime.exec(cid, ["/bin/sh", "-c", "echo $GREETING from $(pwd)"], env={"GREETING": "hi"},
                     cwd="/tmp")
    assert (r.exit_code, r.stdout) == (0, "hi from /tmp\n")
    assert runtime.exec(cid, ["sh", "-c", "exit 7"]).exit_code == 7
    runtime.delete(cid, force=True)


def test_errors_carry_the_runtime_message(runtime, make_bundle, container_id, tmp_path):
    missing = container_id()
    with pytest.raises(hako.RuntimeCommandError) as info:
        runtime.delete(missing)
    e = info.value
    assert isinstance(e, hako.HakoError) and isinstance(e, OSError)
    assert e.stderr.strip(), "the runtime said why"
    assert missing in str(e) and runtime.name in str(e)
    empty = tmp_path / "empty-bundle"
    empty.mkdir()
    with pytest.raises(hako.RuntimeCommandError):
        runtime.create(container_id(), str(empty))
    cid = container_id()
    runtime.create(cid, str(make_bundle(["true"])))
    with pytest.raises(hako.RuntimeCommandError):
        runtime.create(cid, str(make_bundle(["true"])))  # the id is taken


@needs_root
def test_hako_keeps_create_stdio_in_files(make_bundle, container_id, tmp_path):
    rt = hako.Runtime("hako", root=str(tmp_path / "state"))
    cid = container_id()
    out = tmp_path / "out.txt"
    try:
        rt.create(cid, str(make_bundle(["echo", "from the container"])), stdout=str(out))
        rt.start(cid)
        assert wait_status(rt, cid, "stopped").status == "stopped"
        assert out.read_text() == "from the container\n"
    finally:
        rt.delete(cid, force=True)


def test_missing_runtime_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="no-such-runtime") as info:
        hako.Runtime("no-such-runtime")
    assert info.value.errno == errno.ENOENT
    with pytest.raises(FileNotFoundError):
        hako.Runtime(str(tmp_path / "nothing-here"))
    with pytest.raises(ValueError):
        hako.Runtime("hako", timeout=0)
    with pytest.raises(ValueError, match="missing closing quote"):
        hako.Runtime("hako", wrapper="sh -c 'x")
    rt = hako.Runtime("hako", root="/run/x", wrapper=["env", "A=1"])
    assert rt.argv(["state", "c"]) == ["env", "A=1", rt.binary, "--root", "/run/x", "state", "c"]
    assert rt.binary == hako.locations()["hako"]


def test_version():
    assert "hako version " + hako.__version__ in hako.Runtime("hako").version()


@needs_root
def test_calls_release_the_gil(make_bundle, container_id, tmp_path):
    """While a `run` of a 2 s container blocks in one thread, this thread keeps running."""
    rt = hako.Runtime("hako", root=str(tmp_path / "state"))
    cid = container_id()
    bundle = str(make_bundle(["sleep", "2"]))
    result = {}
    t = threading.Thread(target=lambda: result.update(r=rt.run(cid, bundle)))
    start = time.monotonic()
    t.start()
    time.sleep(0.5)
    woke = time.monotonic() - start
    alive = t.is_alive()
    t.join()
    assert alive and woke < 1.5, f"main thread woke after {woke:.2f} s (GIL held?)"
    assert result["r"].exit_code == 0
