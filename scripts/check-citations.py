#!/usr/bin/python3
"""Fails when the repository cites a document it does not contain.

Scans the comments of code files (C++, Python, shell, CMake) and the text of Markdown files for
citations of `.md` documents and checks that each one exists in the repository (relative to the
repository root or to the citing file), and that every section it names (`§6.3`) is a numbered
heading of that document (`### 6.3 ...`). Notes kept outside the repository (`../shared`,
`/work/shared`, "STYLE 5.x") are always an error. The runtime-spec's own documents (`config.md`,
`runtime.md`, ...) are upstream's and are not checked. Prints one line per bad citation
(`file:line: ...`) and exits 1 if there is any.

Usage: scripts/check-citations.py [REPO_ROOT]
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

# opencontainers/runtime-spec documents, cited by anchor (config.md#configHostname).
SPEC_DOCS = {"config.md", "config-linux.md", "runtime.md", "runtime-linux.md", "bundle.md",
             "features.md", "features-linux.md", "glossary.md", "principles.md", "spec.md"}
# Files that hako's own tools write (usage lines name them), not documents they cite.
OUTPUTS = {"OUT.md", "report.md"}
CODE_EXT = (".cc", ".h", ".c", ".cpp", ".hpp", ".py", ".sh", ".cmake", ".in", ".toml")
SKIP_DIRS = ("build", ".git", "testdata", "third_party")

MD_TOKEN = re.compile(r"(?<![\w/.:-])((?:\.\.?/|[\w-]+/)*[\w.-]+\.md)\b(?!#)(?P<frag>#\S*)?")
SECTIONS = re.compile(r"\s*§\d+(?:\.\d+)*(?:\s*(?:[-–,/]|and)\s*§?\d+(?:\.\d+)*)*")
FORBIDDEN = [(re.compile(r"(?:\.\./|/work/)shared\b"), "cites notes outside the repository"),
             (re.compile(r"\bSTYLE(?:\.md| \d+(?:\.\d+)*)"),
              "cites STYLE, which is not in the repository (docs/design/conventions.md is)")]
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def repo_files(root: str) -> list[str]:
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard"],
                             check=True, capture_output=True, text=True).stdout
        files = [f for f in out.splitlines() if f]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk(root):
            dirs[:] = [x for x in dirs if x not in SKIP_DIRS]
            files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return [f for f in files if not any(p in SKIP_DIRS for p in f.split("/")[:-1])
            and os.path.isfile(os.path.join(root, f))]


def c_comments(text: str):
    """(line, text) of every // and /* */ comment outside string and character literals."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c in "\"'":
            if c == '"' and text[i - 1:i] == "R":  # raw string: R"delim( ... )delim"
                open_paren = text.find("(", i)
                close = text.find(")" + text[i + 1:open_paren] + '"', open_paren)
                line += text.count("\n", i, close)
                i = close + 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield line, text[i + 2:j]
            i = j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j
            for k, part in enumerate(text[i + 2:j].split("\n")):
                yield line + k, part
            line += text.count("\n", i, j)
            i = j + 2
            continue
        i += 1


def hash_comments(text: str):
    """(line, text) of every # comment outside quotes (shell, CMake, Python, TOML)."""
    for no, raw in enumerate(text.split("\n"), 1):
        quote = None
        for k, c in enumerate(raw):
            if quote:
                if c == "\\":
                    continue
                if c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "#" and (k == 0 or raw[k - 1] in " \t"):
                if not raw.startswith("#!"):
                    yield no, raw[k + 1:]
                break


def py_docstrings(text: str):
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                for k, part in enumerate(body[0].value.value.split("\n")):
                    yield body[0].lineno + k, part


_headings: dict[str, set[str]] = {}


def headings(path: str) -> set[str]:
    if path not in _headings:
        nums = set()
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"#+\s+(\d+(?:\.\d+)*)\.?\s", line)
                if m:
                    nums.add(m.group(1))
        _headings[path] = nums
    return _headings[path]


def resolve(root: str, citing: str, target: str) -> str | None:
    for base in (root, os.path.dirname(os.path.join(root, citing))):
        p = os.path.normpath(os.path.join(base, target))
        if os.path.isfile(p) and os.path.commonpath([p, root]) == root:
            return p
    return None


def check_text(root: str, f: str, no: int, text: str, errors: list[str]) -> None:
    for rx, why in FORBIDDEN:
        if rx.search(text):
            errors.append(f"{f}:{no}: {why}: {text.strip()}")
    for m in MD_TOKEN.finditer(text):
        target = m.group(1)
        if text[max(0, m.start() - 3):m.start()].endswith("://"):
            continue
        if target in SPEC_DOCS or target in OUTPUTS:
            continue
        path = resolve(root, f, target)
        if path is None:
            errors.append(f"{f}:{no}: `{target}` is not in the repository")
            continue
        sec = SECTIONS.match(text, m.end())
        if sec:
            for s in re.findall(r"\d+(?:\.\d+)*", sec.group(0)):
                if s not in headings(path):
                    errors.append(f"{f}:{no}: `{target}` has no section {s}")


def check_file(root: str, f: str, errors: list[str]) -> None:
    with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    name = os.path.basename(f)
    if f.endswith(".md"):
        in_fence = False
        for no, line in enumerate(text.split("\n"), 1):
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
            if in_fence:
                continue
            for rx, why in FORBIDDEN:
                if rx.search(line):
                    errors.append(f"{f}:{no}: {why}: {line.strip()}")
            for m in MD_LINK.finditer(line):
                link = m.group(1).split("#")[0]
                if link and not re.match(r"[a-z]+:", link) and resolve(root, f, link) is None \
                        and not os.path.isdir(os.path.join(os.path.dirname(os.path.join(root, f)), link)):
                    errors.append(f"{f}:{no}: link `{link}` is not in the repository")
        return
    if f.endswith((".cc", ".h", ".c", ".cpp", ".hpp")):
        comments = c_comments(text)
    elif f.endswith(CODE_EXT) or name == "CMakeLists.txt":
        comments = list(hash_comments(text))
        if f.endswith(".py"):
            comments += list(py_docstrings(text))
    else:
        return
    for no, c in comments:
        check_text(root, f, no, c, errors)


def main() -> int:
    root = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else
                            os.path.join(os.path.dirname(__file__), ".."))
    errors: list[str] = []
    for f in sorted(repo_files(root)):
        if f == "scripts/check-citations.py":  # its docstring names the forbidden forms
            continue
        check_file(root, f, errors)
    for e in errors:
        print(e)
    if errors:
        print(f"check-citations: {len(errors)} citation(s) of documents the repository does not "
              "contain (write them under docs/, or fix the path)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
