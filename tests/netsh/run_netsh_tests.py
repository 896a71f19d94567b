#!/usr/bin/env python3
"""Fixture tests for the netsh reader, driven through the fwdrift binary.

Usage: run_netsh_tests.py FWDRIFT_BINARY

fixtures/<case>/
  inputs          the export files, one per line, read in that order
                  (each becomes one --input)
  reports         optional: "NAME: ARGS..." per line, one report each
  exposure.json   `--exposure --format json`, reduced to view, family,
                  direction, protocol, open, restricted
  model.txt       `--dump-model`: the model the reader built
  report-NAME.json  the report, reduced to each requirement's id, view,
                  direction, protocol, ports, status, conflict and the
                  origins (`where`) of its evidence
fixtures/bad/<name>.<ext> with <name>.err: the exact message on stderr; exit 3.

Every command runs inside the case folder with relative file names, so
the goldens hold no paths. FWDRIFT_REGEN=1 rewrites the goldens: review
them in the diff before committing.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(sys.argv[1])
REGEN = os.environ.get("FWDRIFT_REGEN") == "1"
passed = failed = 0


def run(cwd, args):
    env = dict(os.environ)
    env.pop("FWDRIFT_BASELINE_PATH", None)
    p = subprocess.run([BIN, *args], cwd=cwd, capture_output=True,
                       text=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}\n{detail}", file=sys.stderr)


def golden(name, path, actual):
    if REGEN or not os.path.exists(path):
        with open(path, "w") as f:
            f.write(actual)
        print(f"wrote {os.path.relpath(path, HERE)}")
        return
    with open(path) as f:
        expected = f.read()
    if expected != actual:
        import difflib
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), actual.splitlines(True),
            "expected", "actual"))
        check(name, False, diff)
    else:
        check(name, True)


def reduce_exposure(doc):
    keys = ("view", "family", "direction", "protocol", "open", "restricted")
    return [{k: m.get(k) for k in keys} for m in doc]


def evidence_where(ev):
    out = []
    for e in ev or []:
        w = e.get("where")
        if w and w not in out:
            out.append(w)
    return out


def reduce_report(doc):
    reqs = []
    for r in doc.get("requirements", []):
        d = {k: r.get(k) for k in ("id", "view", "direction", "protocol",
                                   "ports", "status")}
        if r.get("conflict"):
            d["conflict"] = r["conflict"]
        d["evidence"] = evidence_where(r.get("evidence"))
        reqs.append(d)
    return {"summary": doc.get("summary"), "requirements": reqs}


def dumps(obj):
    return json.dumps(obj, indent=1, sort_keys=False) + "\n"


def run_case(case):
    cwd = os.path.join(HERE, "fixtures", case)
    with open(os.path.join(cwd, "inputs")) as f:
        inputs = [l.strip() for l in f if l.strip()]
    in_args = []
    for i in inputs:
        in_args += ["--input", i]

    rc, out, err = run(cwd, in_args + ["--exposure", "--format", "json"])
    check(f"{case}: exposure runs", rc in (0, 1, 2), f"rc={rc}\n{err}")
    if rc in (0, 1, 2):
        golden(f"{case}: exposure", os.path.join(cwd, "exposure.json"),
               dumps(reduce_exposure(json.loads(out))))

    rc, out, err = run(cwd, in_args + ["--reader", "netsh", "--dump-model"])
    check(f"{case}: dump-model runs", rc == 0, f"rc={rc}\n{err}")
    if rc == 0:
        golden(f"{case}: model", os.path.join(cwd, "model.txt"), out)

    rpath = os.path.join(cwd, "reports")
    if not os.path.exists(rpath):
        return
    with open(rpath) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, args = line.split(":", 1)
            rc, out, err = run(cwd, in_args + args.split() +
                               ["--format", "json"])
            check(f"{case}: report {name} runs", rc in (0, 1, 2),
                  f"rc={rc}\n{err}")
            if rc in (0, 1, 2):
                golden(f"{case}: report {name}",
                       os.path.join(cwd, f"report-{name}.json"),
                       dumps(reduce_report(json.loads(out))))


def run_bad(name):
    cwd = os.path.join(HERE, "fixtures", "bad")
    rc, out, err = run(cwd, ["--reader", "netsh", "--input", name,
                             "--exposure"])
    check(f"bad/{name}: exit 3", rc == 3, f"rc={rc}\n{err}")
    check(f"bad/{name}: no output", out == "", out)
    base = os.path.splitext(name)[0]
    golden(f"bad/{name}: message", os.path.join(cwd, base + ".err"), err)


def main():
    fix = os.path.join(HERE, "fixtures")
    for case in sorted(os.listdir(fix)):
        if case != "bad" and os.path.isdir(os.path.join(fix, case)):
            run_case(case)
    for name in sorted(os.listdir(os.path.join(fix, "bad"))):
        if not name.endswith(".err"):
            run_bad(name)
    print(f"netsh fixtures: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
