#!/usr/bin/env python3
"""Command-line tests for fwdrift: exit codes, messages for bad input,
report keys of every format, and --output written whole or not at all.
Usage: run_cli_tests.py FWDRIFT_BINARY"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
BIN = sys.argv[1]
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from fwtest import check, expect_unknown, finish, run, setup  # noqa: E402
setup(BIN)


drift = os.path.join(FIX, "ps-drift.v4")

# --- bad input: a clear message and exit 3 ---------------------------------
expect_unknown("unknown baseline", ["--baseline", "nosuch", "--input", drift],
               "unknown baseline 'nosuch'", "privilegesecure", "utmstack")
expect_unknown("unknown role", ["--baseline", "privilegesecure", "--role",
                                "nope", "--input", drift],
               "unknown role 'nope'", "application-server")
expect_unknown("unknown feature", ["--baseline", "threatmanager", "--feature",
                                   "nope", "--input", drift],
               "unknown feature 'nope'", "remote-database")
with tempfile.TemporaryDirectory() as d:
    bad = os.path.join(d, "bad.json")
    with open(bad, "w") as f:
        f.write('{\n  "schema": "fwdrift-baseline/1",\n  "name": 12\n}\n')
    expect_unknown("malformed baseline", ["--baseline", bad, "--input", drift],
                   f"{bad}:3:11:", "'name' must be a string")
    with open(bad, "w") as f:
        f.write('{\n  "schema": "fwdrift-baseline/1",\n  "name": \n')
    expect_unknown("truncated baseline", ["--baseline", bad, "--input", drift],
                   f"{bad}:4:")
    expect_unknown("baseline on the search path",
                   ["--baseline", "bad", "--input", drift], f"{bad}:",
                   env={"FWDRIFT_BASELINE_PATH": d})
expect_unknown("unreadable input", ["--baseline", "privilegesecure", "--input",
                                    "/nonexistent/rules"],
               "/nonexistent/rules", "cannot open input")
expect_unknown("unrecognised input", ["--exposure", "--input",
                                      os.path.join(HERE, "run_cli_tests.py")],
               "unrecognised input")
expect_unknown("bad iptables-save line", ["--exposure", "--input",
                                          os.path.join(FIX, "broken.v4")],
               "broken.v4:5", "--dprot")
expect_unknown("unknown format", ["--exposure", "--format", "xml"],
               "unknown format 'xml'")
expect_unknown("unknown option", ["--frobnicate"], "unknown option")
expect_unknown("unknown reader", ["--exposure", "--reader", "pf", "--input",
                                  drift], "unknown reader 'pf'", "iptables")
expect_unknown("bad timeout", ["--exposure", "-t", "soon"], "bad timeout")
rc, out, err = run("--baseline", "nosuch", "--format", "nagios")
check("nagios UNKNOWN line", rc == 3 and out.startswith("FWDRIFT UNKNOWN - "),
      out)
rc, out, err = run("--baseline", "nosuch", "--format", "json")
check("json UNKNOWN document", rc == 3 and
      json.loads(out)["summary"]["status"] == "UNKNOWN", out)

# --- the report in every format --------------------------------------------
rc, out, err = run("--baseline", "privilegesecure", "--input", drift,
                   "--format", "json")
check("json exit CRITICAL", rc == 2, f"rc={rc} {err}")
rep = json.loads(out)
check("schema", rep.get("schema") == "fwdrift-report/1")
for k in ("status", "compliant", "missing", "conflicting", "extra"):
    check(f"summary.{k}", k in rep["summary"])
check("summary.status", rep["summary"]["status"] == "CRITICAL")
for r in rep["requirements"]:
    for k in ("id", "direction", "protocol", "ports", "status", "evidence"):
        check(f"requirement key {k}", k in r, r.get("id"))
    check("status value", r["status"] in ("compliant", "missing",
                                          "conflicting"))
    if r["status"] != "compliant":
        check("example packet " + r["id"], "example" in r and
              r["example"]["port"] > 0)
        check("evidence names a rule " + r["id"], len(r["evidence"]) > 0)
by_id = {r["id"]: r for r in rep["requirements"]}
check("4422 in compliant", by_id["ssh-proxy-clients/in"]["status"] == "compliant",
      by_id.get("ssh-proxy-clients/in"))
rdp = by_id["rdp-proxy-clients/in"]
check("4489 shadowed", rdp["status"] == "conflicting" and
      rdp["conflict"] == "shadowed", rdp)
check("shadow evidence names the rule",
      any(e.get("rule") == "-A INPUT -p tcp -m tcp --dport 4489 -j ACCEPT"
          and e.get("where", "").endswith("ps-drift.v4:10")
          for e in rdp["evidence"]), rdp["evidence"])
extra = rep["extra"]
for e in extra:
    for k in ("family", "direction", "protocol", "ports", "evidence"):
        check(f"extra key {k}", k in e)
check("8080 is extra", any(e["ports"] == "8080" and e["protocol"] == "tcp"
                           for e in extra), extra)
check("22 from 10/8 is a restricted extra",
      any(e["ports"] == "22" and e["label"] == "restricted" for e in extra),
      extra)
check("counts add up", rep["summary"]["compliant"] + rep["summary"]["missing"]
      + rep["summary"]["conflicting"] == len(rep["requirements"]))

rc2, text, _ = run("--baseline", "privilegesecure", "--input", drift)
check("text exit equals json exit", rc2 == rc)
check("text names the shadowed rule", "--dport 4489 -j ACCEPT" in text, text)
rc3, nag, _ = run("--baseline", "privilegesecure", "--input", drift,
                  "--format", "nagios")
check("nagios exit equals json exit", rc3 == rc)
first = nag.splitlines()[0]
check("nagios status line", re.match(
    r"^FWDRIFT CRITICAL - privilegesecure: \d+ missing, \d+ conflicting, "
    r"\d+ extra \| missing=\d+;;;0 conflicting=\d+;;;0 extra=\d+;;;0 "
    r"compliant=\d+;;;0 read_time=[0-9.]+s;;;0$", first), first)
check("nagios long text", len(nag.splitlines()) > 1)

# --- --output: whole or not at all -----------------------------------------
with tempfile.TemporaryDirectory() as d:
    out_path = os.path.join(d, "report.json")
    with open(out_path, "w") as f:
        f.write("OLD")
    rc, _, _ = run("--baseline", "nosuch", "--input", drift, "--format",
                   "json", "--output", out_path)
    check("failed run keeps the old report", rc == 3 and
          open(out_path).read() == "OLD")
    rc, out, _ = run("--baseline", "privilegesecure", "--input", drift,
                     "--format", "json", "--output", out_path)
    check("report written to --output", rc == 2 and out == "" and
          json.load(open(out_path))["schema"] == "fwdrift-report/1")
    check("no temporary files left", os.listdir(d) == ["report.json"],
          os.listdir(d))

# --- exposure, baselines, readers ------------------------------------------
rc, out, _ = run("--exposure", "--format", "json", "--input", drift)
exp = json.loads(out)
check("exposure exit 0", rc == 0)
for e in exp:
    for k in ("view", "family", "direction", "protocol", "open", "restricted"):
        check(f"exposure key {k}", k in e)
tcp_in = [e for e in exp if e["family"] == "ipv4" and e["direction"] == "in"
          and e["protocol"] == "tcp"][0]
check("exposure open", tcp_in["open"] == "4422,8080", tcp_in)
check("exposure restricted", tcp_in["restricted"] == "22", tcp_in)
check("only ipv4 was read", all(e["family"] == "ipv4" for e in exp))

rc, out, _ = run("--show-baseline", "threatprevention", "--role", "all",
                 "--feature", "all", "--format", "json")
sb = json.loads(out)
check("show-baseline exit 0", rc == 0)
for r in sb["requirements"]:
    for k in ("id", "direction", "protocol", "ports", "role"):
        check(f"show-baseline key {k}", k in r)
check("show-baseline features", any("feature" in r for r in sb["requirements"]))
rc, out, _ = run("--list-baselines")
check("list-baselines", rc == 0 and all(n in out for n in (
    "threatmanager", "threatprevention", "privilegesecure",
    "endpointprotector", "utmstack")) and "schema" not in out, out)
rc, out, _ = run("--list-readers")
check("list-readers", rc == 0 and "iptables" in out, out)
rc, out, _ = run("-h")
check("help", rc == 0 and "--baseline" in out)
rc, out, _ = run("-V")
check("version", rc == 0 and out.startswith("fwdrift "))
rc, out, _ = run("--show-baseline", "privilegesecure", "--format", "json")
check("show-baseline names each requirement's origin", rc == 0 and all(
    ":" in r.get("origin", "") and "privilegesecure.json:" in r["origin"]
    for r in json.loads(out)["requirements"]), out[:300])
rc, out, _ = run("--show-baseline", "privilegesecure")
check("show-baseline text has 'from FILE:LINE:COL'", rc == 0 and
      re.search(r"\n    from .*privilegesecure\.json:\d+:\d+\n", out), out[:300])

# --- --profile narrows every action to one Windows profile ------------------
WIN = os.path.join(HERE, "..", "netsh", "fixtures", "tm-server-utf16", "fw.txt")
rc, out, _ = run("--input", WIN, "--exposure", "--format", "json")
views = {m["view"] for m in json.loads(out)} if rc == 0 else set()
check("exposure without --profile: every profile", views ==
      {"domain", "private", "public"}, views)
rc, out, _ = run("--input", WIN, "--exposure", "--format", "json",
                 "--profile", "private")
views = {m["view"] for m in json.loads(out)} if rc == 0 else set()
check("exposure --profile private: only private", views == {"private"},
      (rc, views))
rc, out, _ = run("--input", WIN, "--dump-model", "--profile", "public")
check("dump-model --profile public: only public", rc == 0 and
      re.findall(r"^view (\w+)", out, re.M) == ["public"], out[:300])
for action in (["--exposure"], ["--dump-model"],
               ["--baseline", "threatmanager"]):
    expect_unknown("--profile that was not read, " + action[0],
                   ["--input", WIN, *action, "--profile", "bogus"],
                   "no profile 'bogus' in the input")

# --- check_fwdrift: the plugin name, -w/-c, -v levels, perfdata -----------
PERF = re.compile(r"^(\w+)=([0-9.]+)(s?);([^;]*);([^;]*);([^;]*);?([^;]*)$")


def plugin(*args):
    with tempfile.TemporaryDirectory() as d:
        link = os.path.join(d, "check_fwdrift")
        os.symlink(os.path.abspath(BIN), link)
        e = dict(os.environ)
        e.pop("FWDRIFT_BASELINE_PATH", None)
        p = subprocess.run([link, *args], capture_output=True, text=True,
                           env=e, timeout=60)
        return p.returncode, p.stdout, p.stderr


def perfdata(line):
    out = {}
    for item in line.split("|", 1)[1].split():
        m = PERF.match(item)
        check("perfdata item " + item, m is not None)
        if m:
            out[m.group(1)] = m.groups()[1:]
    return out


base = ["--baseline", "privilegesecure", "--input", drift]
rc, out, err = plugin(*base)
check("check_fwdrift defaults to nagios", rc == 2 and
      out.startswith("FWDRIFT CRITICAL - privilegesecure:"), out)
pd = perfdata(out.splitlines()[0])
check("perfdata labels", set(pd) == {"missing", "conflicting", "extra",
                                     "compliant", "read_time"}, pd)
check("perfdata counts equal JSON", int(pd["missing"][0]) ==
      rep["summary"]["missing"] and int(pd["extra"][0]) ==
      rep["summary"]["extra"] and int(pd["compliant"][0]) ==
      rep["summary"]["compliant"], (pd, rep["summary"]))
check("read_time in seconds, min 0", pd["read_time"][1] == "s" and
      pd["read_time"][4] == "0", pd["read_time"])
rc, out, _ = plugin("-V")
check("check_fwdrift -V", rc == 0 and out.startswith("check_fwdrift "), out)
rc, out, _ = plugin("-h")
check("check_fwdrift -h", rc == 0 and "-w, --warning" in out and
      "@N:M" in out, out)
rc, out, _ = plugin("--baseline", "nosuch")
check("check_fwdrift UNKNOWN line", rc == 3 and
      out.startswith("FWDRIFT UNKNOWN - ") and
      "unknown baseline 'nosuch'" in out, out)

# 11 missing, 1 conflicting, 2 extra, 17 compliant in ps-drift.v4.
for args, want in [
        (["-w", "extra=0", "-c", "missing=0"], 2),
        (["-w", "extra=0", "-c", "missing=20"], 1),
        (["-w", "extra=5", "-c", "missing=20"], 0),
        (["-w", "extra=5", "-c", "missing=20,conflicting=0"], 2),
        (["-c", "compliant=20:"], 2),
        (["-w", "compliant=10:"], 0),
        (["-w", "missing=@10:12"], 1),
        (["-w", "missing=~:10"], 1),
        (["-w", "missing=~:11"], 0),
        (["-c", "read_time=60"], 0),
        (["-c", "read_time=@0:60"], 2),
        (["--warning", "extra=1:1", "--critical", "missing=11:11"], 1)]:
    rc, out, err = plugin(*base, *args)
    check(f"thresholds {args}: exit {want}", rc == want, f"rc={rc} {out}{err}")
    status = ["OK", "WARNING", "CRITICAL"][want]
    check(f"thresholds {args}: status line", out.startswith(
        f"FWDRIFT {status} - "), out.splitlines()[:1])
rc, out, _ = plugin(*base, "-w", "extra=0", "-c", "missing=0:3,extra=@5:")
pd = perfdata(out.splitlines()[0])
check("perfdata carries the ranges", pd["extra"][2:4] == ("0", "@5:") and
      pd["missing"][2:4] == ("", "0:3"), pd)
rc, out, _ = run(*base, "--format", "json", "-w", "extra=5", "-c",
                 "missing=20")
check("thresholds decide the JSON status too", rc == 0 and
      json.loads(out)["summary"]["status"] == "OK", out[:200])
for bad_args, msg in [(["-w", "extra"], "expected LABEL=RANGE"),
                      (["-w", "extra=10:5"], "start is greater than end"),
                      (["-c", "nope=1"], "unknown label 'nope'"),
                      (["-w", "extra=1", "-w", "extra=2"], "given twice"),
                      (["-c", "missing=abc"], "bad range 'abc'"),
                      (["-w"], "needs a value")]:
    rc, out, err = plugin(*base, *bad_args)
    check(f"bad threshold {bad_args}: exit 3", rc == 3, rc)
    check(f"bad threshold {bad_args}: UNKNOWN line names it",
          out.startswith("FWDRIFT UNKNOWN - ") and msg in out, out)
rc, out, err = run("--exposure", "-w", "extra=1")
check("-w outside an audit is refused", rc == 3 and "-w/-c" in err, err)

# -v levels: more lines each time, each level a superset.
outs = []
for v in ([], ["-v"], ["-vv"], ["-vvv"]):
    rc, out, _ = plugin(*base, *v)
    outs.append(out.splitlines())
check("-v shows compliant requirements",
      any(l.startswith("compliant ") for l in outs[1]) and
      not any(l.startswith("compliant ") for l in outs[0]))
check("-vv shows every evidence rule and the sources",
      any(l.startswith("    shadowed-accept: ") for l in outs[2]) and
      any(l.startswith("read: ") for l in outs[2]), outs[2][-5:])
check("-vvv shows example packets and the baseline file",
      any(l.startswith("    example: ") for l in outs[3]) and
      any(l.startswith("baseline: privilegesecure (") for l in outs[3]))
check("-v levels grow", len(outs[0]) < len(outs[1]) < len(outs[2]) <
      len(outs[3]), [len(o) for o in outs])
check("status line the same at every level",
      len({o[0].split("|")[0] for o in outs}) == 1)

# Colour only on a terminal (script(1) gives the run one), never in a
# pipe, a file or with NO_COLOR.
def on_tty(extra_env=None):
    cmd = " ".join([BIN, "--baseline", "privilegesecure", "--input", drift])
    e = dict(os.environ, **(extra_env or {}))
    e.pop("FWDRIFT_BASELINE_PATH", None)
    e.pop("NO_COLOR", None) if not extra_env else None
    return subprocess.run(["script", "-qec", cmd, "/dev/null"],
                          capture_output=True, text=True, env=e).stdout


check("text in colour on a terminal", "\033[31mCRITICAL" in on_tty())
check("no colour with NO_COLOR", "\033[" not in on_tty({"NO_COLOR": "1"}))
rc, piped, _ = run("--baseline", "privilegesecure", "--input", drift)
check("no colour in a pipe", "\033[" not in piped)

finish()
