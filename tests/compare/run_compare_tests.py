#!/usr/bin/env python3
"""Tests for `fwdrift compare OLD.json NEW.json`: real reports are made
with the built binary from the iptables-save fixtures in fixtures/, then
compared. Covers each kind of change, each exit code, each format, bad
input (exit 3 with file, line:column and what was expected), --output
written whole or not at all, and a report compared with itself.
Usage: run_compare_tests.py FWDRIFT_BINARY"""
import json
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
BASELINES = os.path.join(HERE, "..", "..", "baselines")
BIN = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from fwtest import check, finish, no_crash, run, setup  # noqa: E402
setup(BIN)


TMP = tempfile.mkdtemp(prefix="fwdrift-compare-")


def report(fixture, name=None, extra_args=(), env=None):
    """Audit a fixture into TMP/<name>.json and return the path."""
    path = os.path.join(TMP, (name or fixture) + ".json")
    rc, out, err = run("--baseline", "privilegesecure", "--input",
                       os.path.join(FIX, fixture + ".v4"), *extra_args,
                       "--format", "json", env=env)
    check(f"audit {fixture} gives a report", rc in (0, 1, 2) and
          json.loads(out).get("schema") == "fwdrift-report/1",
          f"rc={rc} {err}")
    with open(path, "w") as f:
        f.write(out)
    return path


def compare(old, new, *args):
    rc, out, err = run("compare", old, new, *args)
    no_crash(f"compare {os.path.basename(old)} {os.path.basename(new)}", err)
    return rc, out, err


def compare_json(old, new, *args):
    rc, out, err = compare(old, new, "--format", "json", *args)
    try:
        doc = json.loads(out)
    except ValueError:
        check("compare json parses", False, out + err)
        doc = {"summary": {}, "requirements": [], "extra": [], "rules": [],
               "policies": [], "notes": [], "still_failing": []}
    return rc, doc


def changes(doc, kind):
    return {r["id"]: r for r in doc["requirements"] if r["change"] == kind}


def extras(doc, change):
    return [(e["family"], e["direction"], e["protocol"], e["ports"],
             e["label"], e.get("was", e.get("now")))
            for e in doc["extra"] if e["change"] == change]


def fingerprints(rep):
    """Every rule fingerprint a report cites, with its rule text."""
    out = {}
    for item in rep["requirements"] + rep["extra"]:
        for ev in item.get("evidence", []):
            if "fingerprint" in ev:
                out[ev["fingerprint"]] = ev["rule"]
    return out


old = report("old")
new = report("new")
old_rep = json.load(open(old))
new_rep = json.load(open(new))

# --- a report compared with itself: OK, nothing changed ---------------------
rc, doc = compare_json(old, old)
check("self: exit 0", rc == 0, rc)
check("self: schema", doc.get("schema") == "fwdrift-compare/1", doc)
check("self: status OK", doc["summary"].get("status") == "OK", doc["summary"])
check("self: no changes", not doc["requirements"] and not doc["extra"] and
      not doc["rules"] and not doc["policies"], doc)
check("self: counts are zero", all(
    v == 0 for k, v in doc["summary"].items()
    if k not in ("status", "still_failing")), doc["summary"])
check("self: still failing counted", doc["summary"]["still_failing"] ==
      old_rep["summary"]["missing"] + old_rep["summary"]["conflicting"],
      doc["summary"])
rc, out, _ = compare(old, old, "--format", "nagios")
check("self: nagios says no changes", rc == 0 and out.startswith(
    "FWDRIFT OK - compare privilegesecure: no changes (11 still failing) |"),
    out)

# --- old.v4 -> new.v4: each kind of change at once ---------------------------
rc, doc = compare_json(old, new)
s = doc["summary"]
check("drift: exit 2 (newly missing)", rc == 2, rc)
check("drift: status CRITICAL", s["status"] == "CRITICAL", s)
nm = changes(doc, "newly-missing")
check("drift: 4422 newly missing", list(nm) == ["ssh-proxy-clients/in"] and
      nm["ssh-proxy-clients/in"]["was"] == "compliant" and
      nm["ssh-proxy-clients/in"]["severity"] == "CRITICAL", nm)
check("drift: newly missing names the policy that closes it",
      any(e.get("policy") == "drop" for e in
          nm.get("ssh-proxy-clients/in", {}).get("evidence", [])), nm)
fx = changes(doc, "fixed")
check("drift: 4489 fixed", list(fx) == ["rdp-proxy-clients/in"] and
      fx["rdp-proxy-clients/in"]["was"] == "conflicting" and
      fx["rdp-proxy-clients/in"]["was_conflict"] == "shadowed" and
      fx["rdp-proxy-clients/in"]["status"] == "compliant", fx)
check("drift: counts", (s["newly_missing"], s["newly_conflicting"],
                        s["fixed"], s["newly_extra"], s["extras_gone"],
                        s["added"], s["removed"]) == (1, 0, 1, 2, 1, 0, 0), s)
check("drift: still failing", s["still_failing"] == 10 and
      len(doc["still_failing"]) == 10, s)
check("drift: compliant both times is not listed",
      "dc-msrpc/in" not in {r["id"] for r in doc["requirements"]},
      doc["requirements"])
# Extras as port interval sets: 8000-8010 grew to 8000-8020.
check("drift: newly extra", sorted(extras(doc, "new")) == sorted([
    ("ipv4", "in", "tcp", "8011-8020", "open", "not-extra"),
    ("ipv4", "in", "tcp", "22", "open", "restricted")]), extras(doc, "new"))
check("drift: extras gone", extras(doc, "gone") == [
    ("ipv4", "in", "udp", "9000", "open", "not-extra")], extras(doc, "gone"))
grown = [e for e in doc["extra"] if e["ports"] == "8011-8020"]
check("drift: new range names the rule that opens it",
      grown and any(ev.get("rule") ==
                    "-A INPUT -p tcp -m tcp --dport 8000:8020 -j ACCEPT" and
                    ev.get("where", "").endswith("new.v4:16")
                    for ev in grown[0]["evidence"]), grown)
check("drift: extra severities", all(
    e["severity"] == ("WARNING" if e["change"] == "new" else "OK")
    for e in doc["extra"]), doc["extra"])
# Rules by fingerprint, never by position.
ofp, nfp = fingerprints(old_rep), fingerprints(new_rep)
added = {r["fingerprint"]: r for r in doc["rules"] if r["change"] == "added"}
removed = {r["fingerprint"]: r for r in doc["rules"]
           if r["change"] == "removed"}
check("drift: rules added are the new fingerprints",
      set(added) == set(nfp) - set(ofp), (sorted(added), nfp, ofp))
check("drift: rules removed are the old fingerprints",
      set(removed) == set(ofp) - set(nfp), (sorted(removed), ofp, nfp))
check("drift: the 4422 accept is a removed rule, with text and where",
      any(r["rule"] == "-A INPUT -p tcp -m tcp --dport 4422 -j ACCEPT" and
          r["where"].endswith("old.v4:10") and
          r["chain"] == "iptables-legacy filter INPUT" and
          any("ssh-proxy-clients/in" in u for u in r["used_by"])
          for r in removed.values()), removed)
moved = "-A INPUT -p tcp -m tcp --dport 135 -j ACCEPT"
check("fixture: the 135 rule moved (line and position)",
      [(e["where"], e["position"]) for r in old_rep["requirements"]
       for e in r["evidence"] if e.get("rule") == moved][:1] !=
      [(e["where"], e["position"]) for r in new_rep["requirements"]
       for e in r["evidence"] if e.get("rule") == moved][:1])
check("drift: a moved rule is not a change",
      all(r["rule"] != moved for r in doc["rules"]), doc["rules"])
check("drift: old and new sides", doc["old"]["file"] == old and
      doc["new"]["file"] == new and doc["old"]["summary"] ==
      old_rep["summary"], (doc["old"], doc["new"]))

# Every format agrees on the exit status; nagios line and perfdata.
rc_t, text, _ = compare(old, new)
check("text: exit equals json exit", rc_t == 2, rc_t)
check("text: header", text.startswith(
    "CRITICAL compare privilegesecure: 1 newly missing, 2 newly extra, "
    "1 fixed, 1 extra gone, "), text[:200])
for needle in ("newly missing: ssh-proxy-clients/in [host]",
               "fixed: rdp-proxy-clients/in [host]",
               "newly extra: ipv4 in tcp 8011-8020 open [host]",
               "newly extra: ipv4 in tcp 22 open [host] (was restricted)",
               "extra gone: ipv4 in udp 9000 open [host]",
               "rule removed: fp-",
               "still failing: 10 requirements"):
    check(f"text has {needle!r}", needle in text, text)
rc_v, textv, _ = compare(old, new, "-v")
check("text -v lists still failing and who cited a rule",
      "    dns/in/tcp [host] missing" in textv and "    cited by " in textv,
      textv)
rc_n, nag, _ = compare(old, new, "--format", "nagios")
first = nag.splitlines()[0]
check("nagios: exit equals json exit", rc_n == 2, rc_n)
check("nagios: status line", re.match(
    r"^FWDRIFT CRITICAL - compare privilegesecure: 1 newly missing, "
    r"2 newly extra, 1 fixed, 1 extra gone, \d+ rules added, "
    r"\d+ rules removed \| newly_missing=1;;;0 ", first), first)
perf = dict(re.findall(r" (\w+)=(\d+);;;0", first.split("|", 1)[1]))
check("nagios: perfdata equals the JSON counts", perf and all(
    int(perf[k]) == v for k, v in s.items() if k != "status") and
    set(perf) == set(s) - {"status"}, (perf, s))
check("nagios: long text", len(nag.splitlines()) > 3 and
      "newly missing: ssh-proxy-clients/in" in nag, nag)

# --- each exit code by itself -------------------------------------------------
cases = [
    # fixture, exit, status, {count: value}
    ("extra", 1, "WARNING", {"newly_extra": 1, "rules_added": 1,
                             "rules_removed": 0, "newly_missing": 0}),
    ("fixed", 0, "OK", {"fixed": 1, "rules_removed": 1, "newly_extra": 0}),
    ("restricted", 1, "WARNING", {"newly_conflicting": 1}),
    ("shadowed", 2, "CRITICAL", {"newly_conflicting": 1}),
    ("accept", 1, "WARNING", {"newly_extra": 1, "extras_gone": 0,
                              "policies_changed": 1, "fixed": 10}),
]
reports = {}
for fixture, want_rc, want_status, counts in cases:
    reports[fixture] = path = report(fixture)
    rc, doc = compare_json(old, path)
    check(f"{fixture}: exit {want_rc}", rc == want_rc, (rc, doc["summary"]))
    check(f"{fixture}: status {want_status}",
          doc["summary"].get("status") == want_status, doc["summary"])
    for k, v in counts.items():
        check(f"{fixture}: {k} = {v}", doc["summary"].get(k) == v,
              doc["summary"])
    for fmt in ("text", "nagios"):
        rc2, out, _ = compare(old, path, "--format", fmt)
        check(f"{fixture}: {fmt} exit {want_rc}", rc2 == want_rc, rc2)
        if fmt == "nagios":
            check(f"{fixture}: nagios {want_status}", out.startswith(
                f"FWDRIFT {want_status} - compare privilegesecure: "), out)

rc, doc = compare_json(old, reports["extra"])
check("extra: the one new extra", extras(doc, "new") ==
      [("ipv4", "in", "tcp", "9443", "open", "not-extra")], doc["extra"])
check("extra: rules shifted by one position are not changes",
      [r["rule"] for r in doc["rules"]] ==
      ["-A INPUT -p tcp -m tcp --dport 9443 -j ACCEPT"], doc["rules"])
rc, doc = compare_json(old, reports["restricted"])
nc = changes(doc, "newly-conflicting").get("ssh-proxy-clients/in", {})
check("restricted: warning-level conflict", nc.get("conflict") ==
      "restricted" and nc.get("severity") == "WARNING" and
      nc.get("was") == "compliant", nc)
rc, doc = compare_json(old, reports["shadowed"])
nc = changes(doc, "newly-conflicting").get("ssh-proxy-clients/in", {})
check("shadowed: blocking conflict", nc.get("conflict") == "shadowed" and
      nc.get("severity") == "CRITICAL", nc)
rc, doc = compare_json(old, reports["accept"])
check("accept: one default-accept finding, not one per range",
      [(e["protocol"], e["kind"]) for e in doc["extra"]] ==
      [("any", "default-accept")], doc["extra"])
check("accept: the policy change", [(p["chain"], p["old"], p["new"]) for p in
                                    doc["policies"]] ==
      [("iptables-legacy filter INPUT", "drop", "accept")], doc["policies"])
rc, doc = compare_json(reports["accept"], old)
check("accept back to drop: exit 2", rc == 2, rc)
check("accept back to drop: explicit extras are not new",
      extras(doc, "new") == [] and [e["kind"] for e in doc["extra"]] ==
      ["default-accept"], doc["extra"])
check("accept back to drop: newly missing", doc["summary"]["newly_missing"]
      == 10, doc["summary"])
# Fixes only, the other way round: new -> old brings 4422 back.
rc, doc = compare_json(reports["fixed"], old)
check("a new conflict back again: exit 2", rc == 2 and
      doc["summary"]["newly_conflicting"] == 1, doc["summary"])

# --- the baseline changed: requirements added and removed ------------------
bdir = os.path.join(TMP, "baselines")
os.mkdir(bdir, 0o755)
os.chmod(bdir, 0o755)  # whatever the umask: see write_baseline


def write_baseline(bl):
    path = os.path.join(bdir, "privilegesecure.json")
    with open(path, "w") as f:
        json.dump(bl, f, indent=2)
    # Run as root, fwdrift refuses a baseline others may write (umask 002).
    os.chmod(path, 0o644)


with open(os.path.join(BASELINES, "privilegesecure.json")) as f:
    bl = json.load(f)
reqs = bl["requirements"]
ssh = [r for r in reqs if r.get("id") == "target-ssh"][0]
bl["requirements"] = [r for r in reqs if r.get("id") != "target-ssh"]
for n in bl.get("notes", []):  # a note may name only known ids
    n["requirements"] = [i for i in n.get("requirements", [])
                         if i != "target-ssh"]
write_baseline(bl)
env = {"FWDRIFT_BASELINE_PATH": bdir}
less = report("old", "old-less", env=env)
rc, doc = compare_json(old, less)
check("requirement removed: exit 0", rc == 0, rc)
check("requirement removed", list(changes(doc, "removed")) == ["target-ssh"]
      and doc["summary"]["removed"] == 1, doc["requirements"])
added_req = dict(ssh, id="compare-added", direction="in", ports="7000",
                 ports_text="7000")
bl["requirements"].append(added_req)
write_baseline(bl)
more = report("old", "old-more", env=env)
rc, doc = compare_json(old, more)
ad = changes(doc, "added").get("compare-added", {})
check("requirement added and missing: exit 2", rc == 2, rc)
check("requirement added", ad.get("status") == "missing" and
      ad.get("severity") == "CRITICAL" and doc["summary"]["added"] == 1 and
      doc["summary"]["removed"] == 1, doc["requirements"])
rc, doc = compare_json(more, old)
check("requirement removed while failing: OK", rc == 0 and
      doc["summary"]["removed"] == 1 and doc["summary"]["added"] == 1, doc)
roles = report("old", "old-roles", extra_args=("--role", "all", "--feature",
                                                "all"))
rc, doc = compare_json(old, roles)
check("other roles: a note says so", any("roles" in n for n in doc["notes"])
      and any("features" in n for n in doc["notes"])
      and doc["summary"]["added"] > 0, doc["notes"])

# --- an older report: no fingerprints, unknown keys ------------------------
older = os.path.join(TMP, "older.json")
rep = json.loads(json.dumps(old_rep))
for item in rep["requirements"] + rep["extra"]:
    for ev in item["evidence"]:
        ev.pop("fingerprint", None)
    item["future_key"] = {"ignored": True}
rep["future"] = [1, 2, 3]
rep["host"] = "auditor"
with open(older, "w") as f:
    json.dump(rep, f)
rc, doc = compare_json(older, old)
check("no fingerprints: computed ones match, no changes", rc == 0 and
      not doc["rules"] and not doc["requirements"], doc["rules"])
check("other host: a note, not an error", any(
    "different hosts" in n for n in doc["notes"]), doc["notes"])

# --- bad input: exit 3, the file, line:column, what was expected -----------


def expect_unknown(name, args, *needles):
    rc, out, err = run(*args)
    check(name + ": exit 3", rc == 3, f"rc={rc} out={out!r} err={err!r}")
    for n in needles:
        check(name + f": message has {n!r}", n in err, err)
    no_crash(name, err)
    return out


def bad_file(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def mutate(name, fn):
    rep = json.loads(json.dumps(new_rep))
    fn(rep)
    return bad_file(name, json.dumps(rep, indent=2) + "\n")


missing = os.path.join(TMP, "nosuch.json")
expect_unknown("missing file", ["compare", missing, new], missing,
               "cannot read report", "No such file")
expect_unknown("missing NEW file", ["compare", old, missing], missing)
p = bad_file("notjson.json", '{\n  "schema": "fwdrift-report/1",\n'
             '  "summary": oops\n}\n')
expect_unknown("not JSON", ["compare", old, p], f"{p}:3:", "not JSON",
               "expected a fwdrift-report/1 report")
p = bad_file("empty.json", "")
expect_unknown("empty file", ["compare", p, new], p, "empty file")
p = bad_file("array.json", "[1, 2]\n")
expect_unknown("not an object", ["compare", p, new], f"{p}:1:1:",
               "not a fwdrift report")
p = bad_file("noschema.json", '{\n  "summary": {}\n}\n')
expect_unknown("no schema", ["compare", old, p], p, "not a fwdrift report",
               '"schema": "fwdrift-report/1"')
p = mutate("baseline-schema.json",
           lambda r: r.update(schema="fwdrift-baseline/1"))
expect_unknown("wrong schema", ["compare", old, p], f"{p}:2:13:",
               "schema 'fwdrift-baseline/1' is not supported",
               "expected \"fwdrift-report/1\"")
p = mutate("report2.json", lambda r: r.update(schema="fwdrift-report/2"))
expect_unknown("later schema", ["compare", old, p], f"{p}:2:13:",
               "another fwdrift version")
rc, out, err = run("--show-baseline", "privilegesecure", "--format", "json")
p = bad_file("selection.json", out)
expect_unknown("a show-baseline document", ["compare", p, new], p,
               "is not supported")
p = mutate("status.json", lambda r: r["requirements"][2].update(
    status="broken"))
line = open(p).read().split("\n").index('      "status": "broken",') + 1
expect_unknown("bad status value", ["compare", old, p], f"{p}:{line}:17:",
               "requirements[2].status", "'broken' is not one of compliant")
p = mutate("noview.json", lambda r: r["requirements"][1].pop("view"))
expect_unknown("missing key", ["compare", old, p], p, "requirements[1]",
               "missing key 'view'", "expected a string")
p = mutate("typ.json", lambda r: r["extra"][0].update(ports=8080))
expect_unknown("wrong type", ["compare", old, p], p, "extra[0].ports",
               "expected a string")
p = mutate("ports.json", lambda r: r["extra"][0].update(ports="80-x"))
expect_unknown("bad port list", ["compare", old, p], p, "extra[0].ports",
               "expected a port list")
p = mutate("noreqs.json", lambda r: r.pop("requirements"))
expect_unknown("no requirements", ["compare", old, p], p,
               "missing key 'requirements'", "expected an array")
p = mutate("dup.json", lambda r: r["requirements"].append(
    r["requirements"][0]))
expect_unknown("duplicate requirement", ["compare", old, p], p,
               "dc-msrpc/in [host] appears twice")
p = mutate("ev.json", lambda r: r["requirements"][0].update(evidence=[7]))
expect_unknown("bad evidence", ["compare", old, p], p,
               "requirements[0].evidence[0]", "expected an object")
rc, out, err = run("--baseline", "nosuch", "--format", "json")
p = bad_file("unknown.json", out)
expect_unknown("an UNKNOWN report", ["compare", p, new], p,
               "failed (UNKNOWN", "nothing to compare")
rc, out, err = run("--baseline", "utmstack", "--input",
                   os.path.join(FIX, "old.v4"), "--format", "json")
p = bad_file("utmstack.json", out)
expect_unknown("not the same baseline", ["compare", p, new], "'utmstack'",
               "'privilegesecure'", "same baseline")
expect_unknown("one report only", ["compare", old], "two reports")
expect_unknown("three reports", ["compare", old, new, new], "two reports")
expect_unknown("--input with compare", ["compare", old, new, "--input",
                                        os.path.join(FIX, "old.v4")],
               "compare takes no")
expect_unknown("--baseline with compare", ["--baseline", "privilegesecure",
                                           "compare", old, new],
               "compare takes no")
expect_unknown("html with compare", ["compare", old, new, "--format",
                                     "html"], "text, json or nagios")
# In Nagios format the status line on stdout is the whole message.
out = expect_unknown("nagios UNKNOWN", ["compare", missing, new, "--format",
                                        "nagios"])
check("nagios UNKNOWN line", out.startswith("FWDRIFT UNKNOWN - ") and
      missing in out, out)
out = expect_unknown("json UNKNOWN", ["compare", missing, new, "--format",
                                      "json"], missing)
try:
    unk = json.loads(out)
except ValueError:
    unk = {}
check("json UNKNOWN document", unk.get("schema") == "fwdrift-compare/1" and
      unk.get("summary", {}).get("status") == "UNKNOWN" and
      missing in unk.get("error", ""), out)

# --- a report piped in: "-" is standard input, for one of the two ----------
rc_files, out_files, _ = run("compare", old, new, "--format", "json")
with open(old) as f:
    old_text = f.read()
rc, out, err = run("compare", "-", new, "--format", "json", stdin=old_text)
check("old report from stdin: same result as from the file",
      rc == rc_files and json.loads(out)["summary"] ==
      json.loads(out_files)["summary"], (rc, err))
with open(new) as f:
    rc, out, err = run("compare", old, "-", stdin=f.read())
check("new report from stdin", rc == rc_files, (rc, err))
rc, out, err = run("compare", "-", new, stdin="{")
check("bad JSON on stdin: exit 3 naming standard input with line",
      rc == 3 and "(standard input):" in err, err)
rc, out, err = run("compare", "-", new, stdin="")
check("empty stdin: exit 3", rc == 3 and "(standard input)" in err and
      "empty" in err, err)
rc, out, err = run("compare", "-", "-", stdin=old_text)
check("both from stdin: refused", rc == 3 and "standard input" in err, err)

# --- --output: whole or not at all -------------------------------------------
with tempfile.TemporaryDirectory() as d:
    dest = os.path.join(d, "compare.json")
    with open(dest, "w") as f:
        f.write("OLD")
    rc, out, _ = run("compare", missing, new, "--format", "json", "--output",
                     dest)
    check("failed compare keeps the old file", rc == 3 and out == "" and
          open(dest).read() == "OLD", (rc, out))
    rc, out, _ = run("compare", old, new, "--format", "json", "--output",
                     dest)
    check("compare written to --output", rc == 2 and out == "" and
          json.load(open(dest))["summary"]["newly_missing"] == 1, (rc, out))
    check("no temporary files left", os.listdir(d) == ["compare.json"],
          os.listdir(d))
    rc, out, _ = run("compare", old, new, "--format", "nagios", "--output",
                     dest)
    check("nagios to --output", rc == 2 and out == "" and open(
        dest).read().startswith("FWDRIFT CRITICAL - compare "), rc)
    rc, out, err = run("compare", old, new, "--output",
                       os.path.join(d, "nodir", "x.txt"))
    check("unwritable --output: exit 3", rc == 3 and "nodir" in err, err)

shutil.rmtree(TMP)
finish()
