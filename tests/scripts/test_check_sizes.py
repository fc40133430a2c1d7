"""scripts/check_sizes.py finds what it is for: long functions and long files, nothing else."""
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCRIPT = os.path.join(ROOT, "scripts", "check_sizes.py")
spec = importlib.util.spec_from_file_location("check_sizes", SCRIPT)
check_sizes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_sizes)


def body(n):
    """A function of exactly n lines, braces included."""
    return "int f(int a) {\n" + "  a++;\n" * (n - 2) + "}\n"


def test_function_length_counts_brace_to_brace():
    assert check_sizes.functions(body(101)) == [("f", 1, 101)]


def test_scopes_aggregates_and_literals_are_not_functions():
    text = (
        "namespace x {\nclass C {\n public:\n  int g() const { return 1; }\n};\n"
        "const int kTable[] = {1, 2, 3};\n"
        "void h() {\n  const char* s = \"{ not a brace\";  // } nor this\n"
        "  auto l = [](int) { return 0; };\n  if (s) {\n  }\n}\n}  // namespace x\n"
    )
    found = check_sizes.functions(text)
    assert [(n, ln) for n, ln, _ in found] == [("g", 4), ("h", 7)]
    assert found[1][2] == 6


def run(tmp_path, text, name="a.cc"):
    p = tmp_path / name
    p.write_text(text)
    return subprocess.run([sys.executable, SCRIPT, str(p)], capture_output=True, text=True)


def test_exit_status_and_message(tmp_path):
    ok = run(tmp_path, body(100))
    assert ok.returncode == 0, ok.stdout
    bad = run(tmp_path, body(101))
    assert bad.returncode == 1
    assert "function f has 101 lines (ceiling 100)" in bad.stdout
    big = run(tmp_path, "int x;\n" * 801, "b.h")
    assert big.returncode == 1 and "file has 801 lines" in big.stdout


def test_the_repository_is_within_the_ceilings():
    r = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
