#!/usr/bin/env python3
"""Sizes of src/, checked (run by ctest as check_sizes): prints the five
longest functions and the five longest files, and fails when a function is
longer than 120 lines or a file longer than 800.

A function is a brace block opened at file, namespace or class level after
a parameter list (free functions, member functions, constructors, inline
methods); lambdas and local classes count towards the function holding
them. Comments and string literals are ignored when matching braces.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FUNCTION = 120
MAX_FILE = 800

CONTROL = re.compile(r"\b(if|for|while|switch|catch|do|else|return|case)\b\s*$")
NOT_FUNCTION = re.compile(r"\b(class|struct|namespace|enum|union)\b")


def blank_comments_and_strings(text):
    """`text` with comments, string and char literals replaced by spaces (newlines kept)."""
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
        elif c == "R" and text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            if m:
                end = text.find(")" + m.group(1) + '"', i)
                j = n if end < 0 else end + len(m.group(1)) + 2
                out.append(re.sub(r"[^\n]", " ", text[i:j]))
                i = j
            else:
                out.append(c)
                i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j, n - 1) - i + 1))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(path):
    """(first line, line count, name) of each function defined in `path`."""
    with open(path, encoding="utf-8") as fh:
        text = blank_comments_and_strings(fh.read())
    found = []
    stack = []           # for each open brace: True when it opens a function body
    in_function = 0      # open function bodies
    header_start = 0     # where the text before the next brace began
    line = 1
    starts = {}
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c == "{":
            header = text[header_start:i]
            is_function = False
            if not in_function:
                h = header.strip()
                is_function = (")" in h and not NOT_FUNCTION.search(h.split("(")[0])
                               and not CONTROL.search(h.split("(")[0]) and not h.endswith("="))
            stack.append(is_function)
            if is_function:
                in_function += 1
                name = re.findall(r"([~\w:]+)\s*\(", header)
                starts[len(stack)] = (line - header.count("\n", header.find(name[0]) if name else len(header)),
                                      name[0] if name else "?")
            header_start = i + 1
        elif c == "}":
            if stack and stack.pop():
                in_function -= 1
                first, name = starts.pop(len(stack) + 1)
                found.append((first, line - first + 1, name))
            header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def main():
    files, funcs = [], []
    for top in ("src",):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for f in names:
                if not f.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, ROOT)
                with open(path, encoding="utf-8") as fh:
                    files.append((sum(1 for _ in fh), rel))
                for first, length, name in functions(path):
                    funcs.append((length, f"{rel}:{first}", name))
    files.sort(reverse=True)
    funcs.sort(reverse=True)
    print("longest functions:")
    for length, where, name in funcs[:5]:
        print(f"  {length:5} {where} {name}")
    print("longest files:")
    for length, rel in files[:5]:
        print(f"  {length:5} {rel}")
    over = [f for f in funcs if f[0] > MAX_FUNCTION] + [f for f in files if f[0] > MAX_FILE]
    for item in over:
        print(f"over the limit: {item}")
    print(f"check_sizes: {len(funcs)} functions in {len(files)} files; limits {MAX_FUNCTION} and {MAX_FILE} lines")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
