"""The package itself: one version for C++ and Python, type stubs that match the extension,
the exception hierarchy."""

import ast
import errno
import importlib.metadata
import inspect
import re
from pathlib import Path

import pytest

import hako
from hako import _core

from conftest import REPO


def cmake_version():
    text = (REPO / "CMakeLists.txt").read_text()
    return re.search(r"project\(\s*hako\s+VERSION\s+([0-9.]+)", text).group(1)


def test_one_version_everywhere():
    assert hako.__version__ == cmake_version()
    assert "hako version " + cmake_version() in hako.Runtime("hako").version()


def test_installed_distribution_has_the_same_version():
    try:
        dist = importlib.metadata.version("hako")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the hako distribution is not installed (scripts/setup.sh installs it)")
    assert dist == cmake_version()


def _stub_tree():
    stub = Path(_core.__file__).parent / "_core.pyi"
    assert stub.exists(), "hako/_core.pyi must ship next to the extension"
    return ast.parse(stub.read_text())


def test_stubs_cover_the_extension():
    tree = _stub_tree()
    top = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top[node.name] = node
        elif isinstance(node, (ast.AnnAssign)) and isinstance(node.target, ast.Name):
            top[node.target.id] = node
    public = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    assert public - set(top) == set(), "names without a stub"
    assert set(top) - public == set(), "stubs for names the extension lacks"
    for name, node in top.items():
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(_core, name)
        members = {n for n in vars(cls) if not n.startswith("_") or n in ("__init__", "__eq__")}
        members -= {"__init__"} if "__init__" not in vars(cls) else set()
        stubbed = {b.name for b in node.body if isinstance(b, ast.FunctionDef)}
        stubbed |= {b.target.id for b in node.body if isinstance(b, ast.AnnAssign)}
        missing = {m for m in members if not m.startswith("_")} - stubbed
        assert not missing, f"{name}: members without a stub: {sorted(missing)}"
        extra = {m for m in stubbed if not m.startswith("_")} - members
        assert not extra, f"{name}: stubs for members the class lacks: {sorted(extra)}"


def test_stub_signatures_name_the_real_parameters():
    """Keyword names in the stubs are those the extension accepts (pybind11 docstrings)."""
    tree = _stub_tree()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(_core, node.name)
        for fn in node.body:
            if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                continue
            if any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list):
                continue
            doc = inspect.getdoc(getattr(cls, fn.name)) or ""
            args = [a.arg for a in fn.args.args + fn.args.kwonlyargs if a.arg not in ("self", "cls")]
            for a in args:
                assert re.search(rf"\b{a}:", doc), f"{node.name}.{fn.name}: no parameter `{a}`"


def test_exception_hierarchy():
    assert issubclass(hako.HakoError, OSError)
    assert issubclass(hako.SpecError, ValueError) and issubclass(hako.SpecError, hako.HakoError)
    assert issubclass(hako.HakoFileNotFoundError, FileNotFoundError)
    assert issubclass(hako.RuntimeCommandError, hako.HakoError)
    e = hako._errors._from_core("os", errno.EACCES, "open `x`: Permission denied")
    assert isinstance(e, PermissionError) and e.errno == errno.EACCES
    assert str(e) == "[Errno 13] open `x`: Permission denied"
    assert type(hako._errors._from_core("os", errno.EIO, "m")) is hako.HakoError
