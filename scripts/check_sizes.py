#!/usr/bin/python3
"""Size ceilings of the code: no function over 100 lines, no .cc or .h file
over 800. Exit 1 with one line per offender (path:line: what), 0 otherwise.

Functions are found by braces, not by a C++ parser: comments, strings and character literals
are blanked first, then every `{` whose enclosing scope is a namespace, a class or the file and
whose header (the text since the previous `;`, `{` or `}`) has a parameter list and no `=` opens
a function body. Lambdas and local classes count towards the function that holds them. The
heuristic errs towards missing a function, never towards inventing one.

usage: scripts/check_sizes.py [--max-function N] [--max-file N] [PATH...]
(default paths: the directories with C++ sources)
"""
import argparse
import os
import re
import sys

SOURCE_DIRS = ["runtime", "bench", "conformance", "pybindings", "tests"]
SCOPE_KEYWORDS = re.compile(r"\b(namespace|class|struct|union|enum)\b")
CONTROL = re.compile(r"^\s*(if|for|while|switch|catch|do|else)\b")


def blank_literals(text):
    """Comments, strings and char literals replaced by spaces (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """(name, first line, line count) of each function body found in `text`."""
    code = blank_literals(text)
    stack = []  # "scope" (namespace/class/file-level aggregate) or "function" or "block"
    header_start = 0
    found = []
    line = 1
    open_fn = None  # (name, start line, depth)
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "{":
            header = code[header_start:i]
            at_scope_level = all(kind == "scope" for kind in stack)
            if not at_scope_level:
                kind = "block"
            elif SCOPE_KEYWORDS.search(header) and "(" not in header.split("{")[-1]:
                kind = "scope"
            elif re.search(r"\)\s*(const|noexcept|override|final|->[^;{]*|\s)*$", header) and \
                    "=" not in re.sub(r"(operator\s*\S+|\[[^\]]*\])", "", header).split("(")[0] and \
                    not CONTROL.match(header) and "extern \"" not in header:
                kind = "function"
            elif re.search(r'extern\s+"C"\s*$', header):
                kind = "scope"
            else:
                kind = "block"
            if kind == "function":
                m = re.search(r"([~A-Za-z_][\w:~<>]*(?:operator\s*\S+)?)\s*\(", header)
                open_fn = (m.group(1) if m else "?", line, len(stack))
            stack.append(kind)
            header_start = i + 1
        elif c == "}":
            if stack:
                kind = stack.pop()
                if kind == "function" and open_fn and open_fn[2] == len(stack):
                    found.append((open_fn[0], open_fn[1], line - open_fn[1] + 1))
                    open_fn = None
            header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def sources(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, _, files in os.walk(p):
            for f in files:
                if f.endswith((".cc", ".h")):
                    yield os.path.join(root, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-function", type=int, default=100)
    ap.add_argument("--max-file", type=int, default=800)
    ap.add_argument("--report", action="store_true", help="also print the largest of each")
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    paths = a.paths or [d for d in SOURCE_DIRS if os.path.isdir(d)]
    bad = []
    biggest_fn = (0, "")
    biggest_file = (0, "")
    for path in sorted(sources(paths)):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        n = text.count("\n")
        biggest_file = max(biggest_file, (n, path))
        if n > a.max_file:
            bad.append(f"{path}:1: file has {n} lines (ceiling {a.max_file})")
        for name, start, length in functions(text):
            biggest_fn = max(biggest_fn, (length, f"{path}:{start} {name}"))
            if length > a.max_function:
                bad.append(f"{path}:{start}: function {name} has {length} lines "
                           f"(ceiling {a.max_function})")
    for b in bad:
        print(b)
    if a.report:
        print(f"largest function: {biggest_fn[0]} lines ({biggest_fn[1]}); "
              f"largest file: {biggest_file[0]} lines ({biggest_file[1]})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
