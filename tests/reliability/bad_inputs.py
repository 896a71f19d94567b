#!/usr/bin/env python3
"""Every row of docs/bad-input.md is a test: run fwdrift with the row's
arguments and check the exit status, that the message on stderr contains
the row's text, and that the Nagios status line says UNKNOWN with the
same message. No sanitizer report, no crash, within 30 s.

Usage: bad_inputs.py FWDRIFT DOC BAD_DIR"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

BIN, DOC, BAD = (os.path.abspath(sys.argv[1]), sys.argv[2],
                 os.path.abspath(sys.argv[3]))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from fwtest import check, finish  # noqa: E402


def cells(line):
    """Cells of a markdown table row; '\\|' is a literal bar."""
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def code(cell):
    m = re.fullmatch(r"`(.*)`", cell)
    return m.group(1) if m else cell


def expand(args):
    args = re.sub(r"\{([^}]*)\}\*(\d+)",
                  lambda m: m.group(1) * int(m.group(2)), args)
    if args == "(none)":
        return []
    out = []
    for a in shlex.split(args):
        if a == "@/":
            a = BAD + "/"
        elif a.startswith("@"):
            a = os.path.join(BAD, a[1:])
        out.append(a)
    return out


def run(args, cwd):
    env = dict(os.environ)
    env.pop("FWDRIFT_BASELINE_PATH", None)
    try:
        p = subprocess.run([BIN, *args], capture_output=True, cwd=cwd,
                           env=env, timeout=30, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after 30 s"
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


rows = []
with open(DOC, encoding="utf-8") as f:
    for line in f:
        c = cells(line) if line.startswith("|") else []
        if len(c) == 5 and c[0].isdigit():
            rows.append((int(c[0]), c[1], expand(code(c[2])), code(c[3]),
                         int(c[4])))

numbers = [r[0] for r in rows]
check("table has at least 40 rows", len(rows) >= 40, len(rows))
check("row numbers unique", len(set(numbers)) == len(numbers), numbers)

with tempfile.TemporaryDirectory() as cwd:
    for num, what, args, msg, status in rows:
        name = f"#{num} {what}"
        rc, out, err = run(args, cwd)
        check(name + ": exit", rc == status, f"exit {rc}, expected {status}; "
              f"stderr {err!r}")
        check(name + ": message", msg in err, f"{msg!r} not in {err!r}")
        check(name + ": no crash", "Sanitizer" not in err and
              "runtime error" not in err and rc is not None and rc >= 0, err)
        rc, out, err = run(["--format", "nagios", *args], cwd)
        first = out.splitlines()[0] if out else ""
        check(name + ": nagios", rc == status and
              first.startswith("FWDRIFT UNKNOWN - ") and msg in first,
              f"exit {rc}, stdout {out!r}")

finish(f"({len(rows)} bad inputs)")
