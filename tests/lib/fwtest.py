"""What the Python test scripts share: running the fwdrift binary under
test the way a user would (without FWDRIFT_BASELINE_PATH from the
caller's environment), counting checks, and the closing line and exit
status that meson reads.

    sys.path.insert(0, os.path.join(HERE, "..", "lib"))
    from fwtest import check, finish, run, setup
    setup(sys.argv[1])
"""
import os
import subprocess
import sys

BIN = None
passed = failed = 0


def setup(binary):
    global BIN
    BIN = os.path.abspath(binary)


def run(*args, env=None, stdin=None, timeout=120):
    """(exit status, stdout, stderr) of BIN with args; stdin is text."""
    e = dict(os.environ)
    e.pop("FWDRIFT_BASELINE_PATH", None)
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True,
                       text=True, env=e, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {str(detail)[:2000]}", file=sys.stderr)


def no_crash(name, err):
    check(name + ": no crash text", "Sanitizer" not in err and
          "Segmentation" not in err and "runtime error" not in err, err)


def expect_unknown(name, args, *needles, env=None):
    """Exit 3, each needle in stderr, no crash."""
    rc, out, err = run(*args, env=env)
    check(name + ": exit 3", rc == 3, f"rc={rc} err={err!r}")
    for n in needles:
        check(name + f": message has {n!r}", n in err, f"err={err!r}")
    no_crash(name, err)
    return out, err


def finish(note=""):
    """The closing count (with note after it) and the exit status."""
    print(f"{passed} passed, {failed} failed" + (f" {note}" if note else ""))
    sys.exit(1 if failed else 0)
