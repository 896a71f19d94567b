#!/usr/bin/env python3
"""Timeouts, signals and --output (issue 7):

- `-t SECONDS` ends a read that hangs (an --input FIFO nobody writes to,
  a FIFO whose writer never writes, standard input that never ends, a
  baseline FIFO) with exit 3 and a message, within about SECONDS + 1;
- an --output file is never left half-written, and no temporary file
  beside it survives: SIGTERM, SIGINT and SIGHUP during a hanging read or
  while the report is being committed (strace stalls fsync(2) so that the
  signal lands while the temporary file exists — the test checks that it
  does), SIGALRM (-t) while committing, and SIGTERM at random moments of
  whole runs;
- a failed run (bad input, unknown baseline, bad baseline, bad option,
  missing plugins, timeout) keeps the old report byte-identical;
- an output folder that cannot be written, an output path that is a
  folder, and a symbolic link, a FIFO or a device as the output path
  (written into, never replaced by a regular file).

Needs strace. Usage: timeouts_output.py FWDRIFT SOURCE_ROOT"""
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
TOP = os.path.abspath(sys.argv[2])
OK = os.path.join(TOP, "tests", "reliability", "bad", "ok.v4")
BAD = os.path.join(TOP, "tests", "reliability", "bad",
                   "ipt-unknown-target.v4")
OLD = b"OLD REPORT \x00\xff kept byte for byte\n"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import fwtest  # noqa: E402
from fwtest import check  # noqa: E402


def env():
    e = dict(os.environ)
    e.pop("FWDRIFT_BASELINE_PATH", None)
    return e


def start(args, stdin=subprocess.DEVNULL, prefix=(), **kw):
    return subprocess.Popen([*prefix, BIN, *args], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env(), **kw)


def finish(p, limit=20):
    try:
        out, err = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return None, out.decode(errors="replace"), "no exit within %ss" % limit
    return p.returncode, out.decode(errors="replace"), \
        err.decode(errors="replace")


def old_report(d, name="report.json"):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(OLD)
    os.utime(path, (1000000000, 1000000000))
    return path


def intact(name, d, path):
    """The old report byte for byte (and untouched), nothing else."""
    data = open(path, "rb").read()
    check(name + ": old report byte-identical", data == OLD, data[:80])
    check(name + ": old report untouched",
          os.stat(path).st_mtime == 1000000000)
    left = sorted(f for f in os.listdir(d) if f != os.path.basename(path)
                  and not f.startswith("in"))
    check(name + ": no temporary file left", left == [], left)


def no_crash(name, err):
    check(name + ": no sanitizer report", "Sanitizer" not in err and
          "runtime error" not in err, err[-2000:])


# --- -t ends a read that hangs ---------------------------------------------
def timed(name, args, needle="timed out", stdin=subprocess.DEVNULL,
          t=1.0, fmt=None, setup=None):
    full = ["-t", str(t), *args]
    if fmt:
        full = ["--format", fmt, *full]
    t0 = time.monotonic()
    p = start(full, stdin=stdin)
    if setup:
        setup(p)
    rc, out, err = finish(p)
    took = time.monotonic() - t0
    check(name + ": exit 3", rc == 3, f"rc={rc} err={err!r}")
    check(name + f": within {t + 1.5:.1f}s", took < t + 1.5, f"{took:.2f}s")
    check(name + ": message", needle in (out if fmt == "nagios" else err),
          f"stdout {out!r} stderr {err!r}")
    no_crash(name, err)
    return out


with tempfile.TemporaryDirectory() as d:
    fifo = os.path.join(d, "in.fifo")
    os.mkfifo(fifo)
    timed("input FIFO nobody opens", ["--exposure", "--input", fifo])
    out = timed("input FIFO, nagios", ["--exposure", "--input", fifo],
                fmt="nagios")
    check("input FIFO, nagios: status line",
          out.startswith("FWDRIFT UNKNOWN - timed out"), out)
    timed("input FIFO, -t 0.5", ["--exposure", "--input", fifo], t=0.5)
    # a script asking for JSON gets one UNKNOWN document, nothing else
    out = timed("input FIFO, json", ["--baseline", "privilegesecure",
                                     "--input", fifo], fmt="json")
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    check("input FIFO, json: one UNKNOWN document",
          isinstance(doc, dict) and doc.get("summary", {}).get("status")
          == "UNKNOWN" and "timed out" in doc.get("error", ""), out)
    # A writer that holds the FIFO open and never writes: read() hangs.
    w = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    timed("input FIFO whose writer never writes",
          ["--exposure", "--reader", "iptables", "--input", fifo])
    os.close(w)
    # Standard input that never ends: the test keeps the pipe open.
    r, w = os.pipe()
    os.write(w, b"*filter\n:INPUT DROP [0:0]\n")
    timed("standard input that never ends",
          ["--exposure", "--input", "-"], stdin=r)
    os.close(r)
    os.close(w)
    blf = os.path.join(d, "in-baseline.json")
    os.mkfifo(blf)
    timed("baseline FIFO nobody writes", ["--baseline", blf, "--input", OK])
    out_path = old_report(d)
    timed("timeout with --output", ["--exposure", "--input", fifo,
                                    "--output", out_path])
    intact("timeout with --output", d, out_path)

# --- signals: during a hanging read ------------------------------------------
SIGS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
with tempfile.TemporaryDirectory() as d:
    fifo = os.path.join(d, "in.fifo")
    os.mkfifo(fifo)
    for sig in SIGS:
        name = f"{sig.name} during a hanging read"
        out_path = old_report(d)
        p = start(["--exposure", "--format", "json", "--input", fifo,
                   "--output", out_path, "-t", "30"])
        time.sleep(0.3)
        p.send_signal(sig)
        rc, out, err = finish(p)
        check(name + ": died of the signal", rc == -sig, f"rc={rc} {err}")
        intact(name, d, out_path)


# --- signals while the report is committed ---------------------------------
def child_of(pid):
    """The traced fwdrift under strace (strace's only child)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except OSError:
        return None


def temp_files(d, base):
    return [f for f in os.listdir(d) if f.startswith(base + ".tmp")]


STALL = ["strace", "-o", "/dev/null", "-e", "trace=fsync", "-e",
         "inject=fsync:delay_enter=3000000"]


def during_commit(name, sig=None, t=None, ignore_int=False):
    """Start a run whose fsync(2) of the temporary report stalls for 3 s;
    once the temporary file exists, send sig (or let -t fire)."""
    with tempfile.TemporaryDirectory() as d:
        out_path = old_report(d)
        args = ["--exposure", "--format", "json", "--input", OK,
                "--output", out_path]
        if t:
            args = ["-t", str(t), *args]
        pre = None
        if ignore_int:
            def pre():
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        # LeakSanitizer cannot work under a tracer (strace): off here.
        e = env()
        e["ASAN_OPTIONS"] = (e.get("ASAN_OPTIONS", "") +
                             ":detect_leaks=0").lstrip(":")
        p = subprocess.Popen([*STALL, BIN, *args], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=e, preexec_fn=pre)
        deadline = time.monotonic() + 10
        seen = []
        while time.monotonic() < deadline and not seen:
            seen = temp_files(d, "report.json")
            time.sleep(0.02)
        check(name + ": the temporary file existed mid-commit", seen != [],
              "strace did not stall fsync? " + str(os.listdir(d)))
        kid = child_of(p.pid)
        if sig is not None:
            check(name + ": found the traced process", kid is not None)
            if kid:
                os.kill(kid, sig)
        rc, out, err = finish(p)
        no_crash(name, err)
        if ignore_int:
            check(name + ": ignored SIGINT stays ignored, report written",
                  rc == 0 and json.loads(open(out_path).read()) != [],
                  f"rc={rc} {err}")
            check(name + ": no temporary file left",
                  temp_files(d, "report.json") == [], os.listdir(d))
            return
        if sig is not None:
            # strace exits with the status of its tracee: 128 + signal
            check(name + ": died of the signal", rc in (128 + sig, -sig),
                  f"rc={rc} {err}")
        else:
            check(name + ": exit 3, timed out", rc == 3 and
                  "timed out" in err, f"rc={rc} {err}")
        intact(name, d, out_path)


if shutil.which("strace") is None:
    check("strace installed (needed to stall the commit)", False)
else:
    for sig in SIGS:
        during_commit(f"{sig.name} while committing", sig=sig)
    during_commit("-t 1 (SIGALRM) while committing", t=1)
    during_commit("SIGINT ignored by the caller", sig=signal.SIGINT,
                  ignore_int=True)

# --- SIGTERM at random moments: old report or the whole new one ------------
with tempfile.TemporaryDirectory() as d:
    ref = os.path.join(d, "ref.json")
    p = start(["--exposure", "--format", "json", "--input", OK,
               "--output", ref])
    rc, _, err = finish(p)
    new = open(ref, "rb").read() if rc == 0 else None
    check("reference report", rc == 0 and new, err)
    os.unlink(ref)
    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}
    for i in range(40):
        out_path = old_report(d)
        p = start(["--exposure", "--format", "json", "--input", OK,
                   "--output", out_path])
        time.sleep(rng.uniform(0, 0.03))
        p.send_signal(signal.SIGTERM)
        rc, out, err = finish(p)
        data = open(out_path, "rb").read()
        whole = data in (OLD, new)
        if whole:
            outcomes["old" if data == OLD else "new"] += 1
        check(f"SIGTERM at random #{i}: old or whole new report", whole,
              data[:80])
        check(f"SIGTERM at random #{i}: no temporary file",
              os.listdir(d) == ["report.json"], os.listdir(d))
    print(f"SIGTERM at random moments: {outcomes}")

# --- failed runs keep the old report ---------------------------------------
with tempfile.TemporaryDirectory() as d:
    bl = os.path.join(d, "in-bad-baseline.json")
    with open(bl, "w") as f:
        f.write('{"schema": "fwdrift-baseline/1", "name": 12}\n')
    failures = {
        "bad input": ["--exposure", "--input", BAD],
        "unrecognised input": ["--exposure", "--input", "/dev/null"],
        "missing input": ["--exposure", "--input", "/nonexistent/in.v4"],
        "unknown baseline": ["--baseline", "nosuch", "--input", OK],
        "bad baseline": ["--baseline", bl, "--input", OK],
        "unknown role": ["--baseline", "privilegesecure", "--role", "nope",
                         "--input", OK],
        "bad option": ["--exposure", "--format", "xml", "--input", OK],
        "missing plugin folder": ["--exposure", "--plugin-dir",
                                  "/nonexistent/plugins", "--input", OK],
    }
    for what, args in failures.items():
        for fmt in ("json", "nagios", "text"):
            name = f"failed run ({what}, {fmt})"
            out_path = old_report(d)
            rc, out, err = finish(start(["--format", fmt, *args,
                                         "--output", out_path]))
            check(name + ": exit 3", rc == 3, f"rc={rc} {err}")
            said = out if fmt == "nagios" else err   # nagios: stdout only
            check(name + ": says why", len(said) > 20 and
                  said.startswith(("fwdrift: ", "FWDRIFT UNKNOWN - ")),
                  f"stdout {out!r} stderr {err!r}")
            intact(name, d, out_path)

# --- where the report cannot go --------------------------------------------
with tempfile.TemporaryDirectory() as d:
    os.chmod(d, 0o755)
    ro = os.path.join(d, "ro")
    os.mkdir(ro, 0o555)
    out_path = os.path.join(ro, "report.json")
    with open(out_path, "wb") as f:
        f.write(OLD)
    inp = os.path.join(d, "in.v4")
    shutil.copy(OK, inp)
    os.chmod(inp, 0o644)
    # root writes anywhere: run as nobody (setpriv) to meet a folder that
    # refuses; the binary and its plugins must be reachable by nobody.
    prefix = []
    if os.geteuid() == 0:
        prefix = ["setpriv", "--reuid=65534", "--regid=65534",
                  "--clear-groups"]
    rc, out, err = finish(start(["--exposure", "--input", inp, "--output",
                                 out_path], prefix=prefix))
    check("unwritable output folder: exit 3", rc == 3, f"rc={rc} {err}")
    check("unwritable output folder: message names the path",
          f"{out_path}: cannot create output file: Permission denied" in err,
          err)
    check("unwritable output folder: old report kept",
          open(out_path, "rb").read() == OLD and os.listdir(ro) ==
          ["report.json"], os.listdir(ro))

    folder = os.path.join(d, "folder")
    os.mkdir(folder)
    rc, out, err = finish(start(["--exposure", "--input", OK, "--output",
                                 folder]))
    check("output path is a folder: exit 3 and says so", rc == 3 and
          f"{folder}: is a directory" in err, f"rc={rc} {err}")
    check("output path is a folder: nothing written beside it",
          sorted(os.listdir(d)) == ["folder", "in.v4", "ro"] and
          os.listdir(folder) == [], os.listdir(d))

    real = os.path.join(d, "real.json")
    link = os.path.join(d, "link.json")
    with open(real, "wb") as f:
        f.write(OLD)
    os.symlink("real.json", link)
    rc, out, err = finish(start(["--exposure", "--format", "json",
                                 "--input", OK, "--output", link]))
    check("output through a symbolic link: the link stays a link",
          rc == 0 and os.path.islink(link) and
          json.load(open(real)) != [], f"rc={rc} {err}")

    fifo = os.path.join(d, "out.fifo")
    os.mkfifo(fifo)
    # The test holds both ends (the report is far below a pipe's size).
    rw = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    rc, out, err = finish(start(["--exposure", "--format", "json",
                                 "--input", OK, "--output", fifo]))
    try:
        got = os.read(rw, 1 << 16)
    except BlockingIOError:
        got = b""
    os.close(rw)
    check("output to a FIFO: written into it, FIFO kept",
          rc == 0 and got.startswith(b"[") and
          stat.S_ISFIFO(os.lstat(fifo).st_mode), f"rc={rc} {err} {got[:40]}")
    # A device as the output (as /dev/null or /dev/stdout on a terminal
    # would be): a copy of /dev/null made here, so that a regression
    # replaces this node and never the system's.
    if os.geteuid() == 0:
        dev = os.path.join(d, "null")
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        rc, out, err = finish(start(["--exposure", "--input", OK,
                                     "--output", dev]))
        check("output to a device: written into it, device kept",
              rc == 0 and stat.S_ISCHR(os.lstat(dev).st_mode) and
              not [f for f in os.listdir(d) if ".tmp" in f],
              f"rc={rc} {err} {os.listdir(d)}")

fwtest.finish()
