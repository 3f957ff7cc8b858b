#!/usr/bin/env python3
"""Lists the longest functions in C++ files: a definition is a line at namespace or class
level (indent 0 or 2) whose signature ends with '{'; its length runs to the matching brace.
Usage: scripts/function_lengths.py [-n N] FILE..."""
import re, sys

KEYWORDS = re.compile(r"^\s*(if|for|while|switch|namespace|class|struct|enum|union|else|do|try|catch)\b")

def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip(" "))
        s = line.strip()
        if indent in (0, 2) and s.endswith("{") and "(" in s and not KEYWORDS.match(s) and "=" not in s.split("(")[0]:
            name = s.split("(")[0].split()[-1]
            depth, j = 0, i
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth == 0:
                    break
                j += 1
            out.append((j - i + 1, name, path, i + 1))
            i = j + 1
            continue
        i += 1
    return out

args = sys.argv[1:]
n = 5
if args[:1] == ["-n"]:
    n, args = int(args[1]), args[2:]
rows = sorted((f for p in args for f in functions(p)), reverse=True)
for length, name, path, line in rows[:n]:
    print(f"{length:4d}  {name}  ({path}:{line})")
