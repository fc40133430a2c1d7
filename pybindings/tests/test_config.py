"""The config model: load, typed accessors, validation by the runtime's parser, save."""

import errno
import json

import pytest

import hako


def test_default_spec_is_valid_and_typed():
    cfg = hako.Config.default()
    cfg.validate()
    # The template says 1.1.0 (it uses nothing newer; crun 1.8.1 refuses 1.2.0); hako supports 1.2.0.
    assert cfg.oci_version == "1.1.0"
    assert hako.OCI_VERSION == "1.2.0"
    assert cfg.hostname == "hako"
    assert cfg.process.args == ["sh"]
    assert cfg.process.terminal is True
    assert cfg.root.path == "rootfs" and cfg.root.readonly is True
    assert {n.type for n in cfg.linux.namespaces} == {"pid", "network", "ipc", "uts", "mount"}
    assert cfg.mounts[0] == hako.Mount("/proc", "proc", "proc")
    assert cfg.path is None


def test_rootless_default_maps_the_caller():
    cfg = hako.default_spec(rootless=True)
    assert cfg.linux.has_namespace("user")
    assert cfg.linux.uid_mappings == [hako.IdMapping(0, __import__("os").getuid(), 1)]
    assert not cfg.linux.has_namespace("network")


def test_accessors_write_the_document(tmp_path):
    cfg = hako.Config.default()
    cfg.process.args = ["echo", "hi"]
    cfg.process.setenv("FOO", "1")
    cfg.process.setenv("PATH", "/bin")
    cfg.process.user.uid = 1000
    cfg.process.oom_score_adj = 100
    cfg.process.rlimits = [hako.Rlimit("RLIMIT_NOFILE", 512, 1024)]
    cfg.root.readonly = False
    cfg.annotations = {"org.example/key": "v"}
    cfg.linux.add_namespace("time")
    cfg.linux.remove_namespace("network")
    cfg.mounts = cfg.mounts + [hako.Mount("/data", "tmpfs", "tmpfs", ["nosuid", "size=1m"])]
    cfg.linux.cgroups_path = "/hako-test"
    cfg.linux.resources = {"pids": {"limit": 10}}
    doc = cfg.to_dict()
    assert doc["process"]["args"] == ["echo", "hi"]
    assert "FOO=1" in doc["process"]["env"] and "PATH=/bin" in doc["process"]["env"]
    assert [e for e in doc["process"]["env"] if e.startswith("PATH=")] == ["PATH=/bin"]
    assert cfg.process.getenv("FOO") == "1" and cfg.process.getenv("NOPE") is None
    assert doc["process"]["user"]["uid"] == 1000
    assert doc["process"]["oomScoreAdj"] == 100
    assert doc["process"]["rlimits"] == [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 512}]
    assert doc["root"]["readonly"] is False
    assert doc["annotations"] == {"org.example/key": "v"}
    types = [n["type"] for n in doc["linux"]["namespaces"]]
    assert "time" in types and "network" not in types
    assert doc["mounts"][-1] == {"destination": "/data", "type": "tmpfs", "source": "tmpfs",
                                 "options": ["nosuid", "size=1m"]}
    assert doc["linux"]["cgroupsPath"] == "/hako-test"
    assert doc["linux"]["resources"] == {"pids": {"limit": 10}}
    cfg.validate()
    cfg.process.oom_score_adj = None
    cfg.linux.cgroups_path = None
    cfg.process.unsetenv("FOO")
    assert "oomScoreAdj" not in cfg.to_dict()["process"]
    assert "cgroupsPath" not in cfg.to_dict()["linux"]
    assert cfg.process.getenv("FOO") is None


def test_views_share_the_document():
    cfg = hako.Config.default()
    proc = cfg.process
    proc.cwd = "/tmp"
    assert cfg.process.cwd == "/tmp"
    copy = cfg.copy()
    copy.process.cwd = "/"
    assert cfg.process.cwd == "/tmp" and copy != cfg
    assert (cfg == "not a config") is False  # NotImplemented, not a TypeError


def test_save_and_load_round_trip_keeps_unknown_members(tmp_path):
    cfg = hako.Config.default()
    cfg.set("/org.example.extension", {"kept": [1, 2.5, None, True]})
    cfg.hostname = "box"
    cfg.save(str(tmp_path))  # a directory means DIR/config.json
    assert cfg.path == str(tmp_path / "config.json")
    again = hako.Config.load(str(tmp_path))
    assert again == cfg
    assert again.get("/org.example.extension") == {"kept": [1, 2.5, None, True]}
    assert list(json.loads((tmp_path / "config.json").read_text()))[:2] == ["ociVersion", "process"]
    again.hostname = "other"
    again.save()  # back to the file it came from
    assert hako.Config.load(str(tmp_path / "config.json")).hostname == "other"


def test_generic_pointer_access():
    cfg = hako.Config.default()
    assert cfg.get("/process/args/0") == "sh"
    assert cfg.get("/nope", 42) == 42
    cfg.set("/process/args/-", "-c")
    assert cfg.process.args == ["sh", "-c"]
    cfg.delete("/process/args/1")
    assert cfg.process.args == ["sh"]
    with pytest.raises(hako.SpecError, match="is not an array index"):
        cfg.get("/process/args/x")
    with pytest.raises(hako.SpecError, match="`/hostname` is string"):
        cfg.set("/hostname/x", 1)
    with pytest.raises(TypeError, match="cannot store a set"):
        cfg.set("/x", {1, 2})


def test_wrong_python_types_are_type_errors():
    cfg = hako.Config.default()
    with pytest.raises(TypeError):
        cfg.hostname = 5
    with pytest.raises(TypeError):
        cfg.process.args = "sh"  # a str is not a list of str
    with pytest.raises(TypeError):
        cfg.process.user.uid = -1
    with pytest.raises(ValueError, match="unknown namespace type `bogus`"):
        hako.Namespace("bogus")


def test_parser_errors_name_the_json_path():
    cfg = hako.Config.default()
    cfg.process.rlimits = [hako.Rlimit("RLIMIT_BOGUS", 1, 1)]
    with pytest.raises(hako.SpecError) as info:
        cfg.validate()
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, OSError) and isinstance(e, hako.HakoError)
    assert e.errno == errno.EINVAL
    assert "rlimits" in e.strerror and "RLIMIT_BOGUS" in e.strerror


def test_validator_rules_apply():
    cfg = hako.Config.default()
    cfg.linux.remove_namespace("uts")
    with pytest.raises(hako.SpecError, match="(?i)hostname"):
        cfg.validate()


def test_save_validates_unless_told_not_to(tmp_path):
    cfg = hako.Config.default()
    cfg.linux.remove_namespace("uts")  # hostname without a UTS namespace: invalid
    target = tmp_path / "config.json"
    with pytest.raises(hako.SpecError):
        cfg.save(str(target))
    assert not target.exists()
    cfg.save(str(target), validate=False)
    assert target.exists()


def test_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        hako.Config.load(str(tmp_path / "missing"))
    assert isinstance(info.value, hako.HakoError)
    assert info.value.errno == errno.ENOENT
    assert "missing" in info.value.strerror
    bad = tmp_path / "config.json"
    bad.write_text('{"ociVersion": "1.0.2", "process": {"args": "sh"}}')
    with pytest.raises(hako.SpecError, match="args"):
        hako.Config.load(str(tmp_path))
    with pytest.raises(hako.SpecError):
        hako.Config.loads("{not json")
    with pytest.raises(ValueError, match="no path"):
        hako.Config.default().save()


def test_reading_a_wrong_type_raises():
    cfg = hako.Config.default()
    cfg.set("/hostname", 7)
    with pytest.raises(hako.SpecError, match="/hostname: unexpected number"):
        _ = cfg.hostname
