#!/usr/bin/env python3
"""Overlays and waivers: a local baseline extends a shipped one, drops and
adds requirements, redefines a named range, waives findings (requirement
ids and extra ports, by rule comment or fingerprint), and an expired
waiver is a WARNING. Bad overlays fail with file:line:column and exit 3.
Usage: run_overlay_tests.py FWDRIFT_BINARY"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
CLI_FIX = os.path.join(HERE, "..", "cli", "fixtures")
BIN = sys.argv[1]
DRIFT = os.path.join(CLI_FIX, "ps-drift.v4")
COMMENTED = os.path.join(FIX, "rules-comment.v4")
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from fwtest import check, finish, run, setup  # noqa: E402
setup(BIN)


def audit(baseline, rules=DRIFT, *extra):
    rc, out, err = run("--baseline", baseline, "--input", rules,
                       "--format", "json", *extra)
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, None, err


def req(id_, **kw):
    r = {"id": id_, "roles": ["application-server"], "direction": "in",
         "protocols": ["tcp"], "ports": "8080", "ports_text": "8080",
         "peer": "browsers", "peer_scope": "any", "purpose": "p",
         "section": "s"}
    r.update(kw)
    return r


def write(d, name, doc):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        if isinstance(doc, str):
            f.write(doc)
        else:
            json.dump(doc, f, indent=2)
            f.write("\n")
    return path


# --- the shipped fixture overlay -------------------------------------------
local = os.path.join(FIX, "ps-local.json")
rc, base, _ = audit("privilegesecure")
rc2, rep, err = audit(local)
check("overlay loads", rep is not None, err)
ids = {r["id"] for r in rep["requirements"]}
check("dropped target-rdp", not any(i.startswith("target-rdp") for i in ids))
check("dropped azure-graph-api",
      not any(i.startswith("azure-graph-api") for i in ids))
check("added local-web-console", "local-web-console" in ids, ids)
check("inherited dc-msrpc", "dc-msrpc/in" in ids)
by = {r["id"]: r for r in rep["requirements"]}
check("dns waived", by["dns/in/tcp"].get("waived", {}).get("reason") ==
      "DNS is served by the local resolver only", by["dns/in/tcp"])
check("dns still says missing", by["dns/in/tcp"]["status"] == "missing")
check("expired waiver does not waive", "waived" not in by["dc-kerberos/in"]
      and by["dc-kerberos/in"]["expired_waiver"]["expires"] == "2001-01-31")
s = rep["summary"]
check("waived count", s["waived"] == 2, s)
check("expired count", s["expired_waivers"] == 1, s)
check("counts add up", s["compliant"] + s["missing"] + s["conflicting"] +
      s["waived"] == len(rep["requirements"]), s)
check("base missing minus dropped and waived",
      s["missing"] == base["summary"]["missing"] - 4, (s, base["summary"]))
check("8080 required now, 22 waived: no extra", s["extra"] == 0,
      rep["extra"])
w = {x["target"]: x for x in rep["waivers"]}
check("extra waiver used", w["extra in tcp ipv4 22"]["status"] == "active" and
      w["extra in tcp ipv4 22"]["waived_ports"] == "22", w)
check("expired waiver is a WARNING finding",
      w["requirement dc-kerberos"]["status"] == "expired" and
      w["requirement dc-kerberos"]["severity"] == "WARNING")
check("waiver origin file:line:col",
      w["requirement dns"]["origin"].endswith("ps-local.json:21:5"), w)
check("files chain", rep["baseline"]["files"][0].endswith("ps-local.json")
      and rep["baseline"]["files"][1].endswith("privilegesecure.json"))

# --- an expired waiver alone makes WARNING ---------------------------------
with tempfile.TemporaryDirectory() as d:
    ok_rules = write(d, "ok.v4", "*filter\n:INPUT DROP [0:0]\n"
                     ":FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                     "-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT\nCOMMIT\n")
    only = write(d, "only.json", {
        "schema": "fwdrift-baseline/1", "name": "only",
        "extends": "privilegesecure", "default_role": "application-server",
        "drop": [r for r in ["dc-msrpc", "dc-ldap", "dns", "dc-netbios",
                             "dc-adws", "dc-kerberos", "entra-id-https-out",
                             "ssh-proxy-clients", "rdp-proxy-clients",
                             "target-rdp", "target-winrm-remoting",
                             "target-winrm-password-change", "target-ssh",
                             "remote-proxy-register",
                             "remote-proxy-register-proxy-side",
                             "remote-action-service-register",
                             "remote-action-service-register-action-service-side"]],
        "waivers": [{"requirement": "azure-graph-api", "reason": "old",
                     "expires": "2000-02-29"}]})
    rc, rep, err = audit(only, ok_rules)
    check("expired waiver alone: exit 1", rc == 1, (rc, err))
    check("expired waiver alone: WARNING", rep and
          rep["summary"]["status"] == "WARNING", rep and rep["summary"])
    rc, out, err = run("--baseline", only, "--input", ok_rules, "--format",
                       "nagios")
    check("nagios says expired waiver", rc == 1 and
          "1 expired waiver" in out.splitlines()[0] and
          "expired waiver requirement azure-graph-api" in out, out)
    rc, out, err = run("--baseline", only, "--input", ok_rules, "--format",
                       "nagios", "-w", "extra=5")
    check("thresholds keep an expired waiver WARNING", rc == 1, (rc, out))

# --- waivers by rule comment and by fingerprint ----------------------------
with tempfile.TemporaryDirectory() as d:
    plain = write(d, "plain.json", {
        "schema": "fwdrift-baseline/1", "name": "plain",
        "extends": "privilegesecure"})
    rc, rep, err = audit(plain, COMMENTED)
    extras = {e["ports"]: e for e in rep["extra"]}
    check("two extras before waivers", set(extras) == {"9000-9010", "7000"},
          extras)
    fp7000 = [e for e in extras["7000"]["evidence"] if "fingerprint" in e]
    check("evidence carries a fingerprint", fp7000 and
          fp7000[0]["fingerprint"].startswith("fp-"), extras["7000"])
    fp = fp7000[0]["fingerprint"]
    waived = write(d, "waived.json", {
        "schema": "fwdrift-baseline/1", "name": "waived",
        "extends": "plain.json",
        "waivers": [
            {"extra": {"direction": "in", "protocol": "tcp",
                       "ports": "9000-9100", "rule": "backup-agent"},
             "reason": "backup agent", "expires": "2999-12-31"},
            {"extra": {"direction": "in", "protocol": "any",
                       "ports": "7000", "rule": fp},
             "reason": "legacy app", "expires": "2999-12-31"},
            {"extra": {"direction": "in", "protocol": "tcp",
                       "ports": "4422", "rule": "no-such-rule"},
             "reason": "never matches", "expires": "2999-12-31"}]})
    rc, rep, err = audit(waived, COMMENTED)
    check("waived by comment and fingerprint: no extra",
          rep and rep["extra"] == [], rep and rep["extra"])
    st = {w["target"]: w["status"] for w in (rep or {}).get("waivers", [])}
    check("unused waiver says so",
          st.get("extra in tcp 4422 rule no-such-rule") == "unused", st)
    # A rule inserted above keeps the fingerprint: the waiver still holds.
    with open(COMMENTED) as f:
        shifted = f.read().replace("-A INPUT -i lo -j ACCEPT\n",
                                   "-A INPUT -i lo -j ACCEPT\n"
                                   "-A INPUT -p udp -m udp --dport 5 -j DROP\n")
    moved = write(d, "moved.v4", shifted)
    rc, rep2, err = audit(waived, moved)
    check("fingerprint survives an inserted rule",
          rep2 and rep2["extra"] == [], rep2 and rep2["extra"])
    # The same waiver on another rule's ports does not apply.
    other = write(d, "other.json", {
        "schema": "fwdrift-baseline/1", "name": "other",
        "extends": "plain.json",
        "waivers": [{"extra": {"direction": "in", "protocol": "tcp",
                               "ports": "7000", "rule": "backup-agent"},
                     "reason": "wrong rule", "expires": "2999-12-31"}]})
    rc, rep, err = audit(other, COMMENTED)
    check("rule-scoped waiver needs its rule",
          rep and any(e["ports"] == "7000" for e in rep["extra"]), rep)

# --- named range redefinition, overlay of an overlay, self-named ----------
with tempfile.TemporaryDirectory() as d:
    tm_local = write(d, "tm-local.json", {
        "schema": "fwdrift-baseline/1", "name": "tm-local",
        "extends": "threatmanager",
        "named_ranges": [{"name": "windows-dynamic-rpc", "ports": "50000-50100",
                          "note": "netsh int ipv4 show dynamicport tcp"}]})
    rc, out, err = run("--show-baseline", tm_local, "--role", "all",
                       "--feature", "all", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("show-baseline of an overlay", rc == 0, err)
    nr = {r["name"]: r for r in doc.get("named_ranges", [])}
    rng = nr.get("windows-dynamic-rpc", {})
    check("range redefined", rng.get("ports") == "50000-50100" and
          rng.get("redefines", "").endswith("threatmanager.json:" +
                                            rng["redefines"].split(":")[-2] +
                                            ":" + rng["redefines"].split(":")[-1]),
          nr)
    uses = [r for r in doc.get("requirements", [])
            if "windows-dynamic-rpc" in r["ports_spec"]]
    check("inherited requirements use the new range", uses and all(
        "50000-50100" in r["ports"] and "49152" not in r["ports"]
        for r in uses), uses[:1])
    check("origins point at the shipped file", uses and
          ".json:" in uses[0]["origin"] and
          "threatmanager.json" in uses[0]["origin"], uses[:1])
    # Overlay of an overlay, by relative file name.
    two = write(d, "two.json", {
        "schema": "fwdrift-baseline/1", "name": "two",
        "extends": "tm-local.json", "drop": ["console-access-8080"]})
    rc, out, err = run("--show-baseline", two, "--role", "all", "--feature",
                       "all")
    check("overlay of an overlay", rc == 0 and "console-access-8080" not in
          out.split("\nfiles:")[0] and "dropped console-access-8080" in out
          and "tm-local.json extends" in out, out[-600:] + err)
    # /etc-style: a file named like the shipped one extends it.
    etc = os.path.join(d, "etc")
    os.mkdir(etc)
    write(etc, "privilegesecure.json", {
        "schema": "fwdrift-baseline/1", "name": "privilegesecure",
        "extends": "privilegesecure", "drop": ["target-rdp"]})
    rc, out, err = run("--show-baseline", "privilegesecure",
                       env={"FWDRIFT_BASELINE_PATH": etc})
    check("same-named overlay extends the shipped file", rc == 0 and
          "dropped target-rdp" in out and "target-rdp/" not in out, err)

# --- bad overlays: file:line:column, exit 3 --------------------------------
HEAD = '{\n  "schema": "fwdrift-baseline/1",\n  "name": "bad",\n'
BAD = [
    ("unknown key", HEAD + '  "extends": "privilegesecure",\n'
     '  "dorp": ["dns"]\n}\n', ":5:11:", "unknown key 'dorp'"),
    ("drop unknown id", HEAD + '  "extends": "privilegesecure",\n'
     '  "drop": ["dns", "nope"]\n}\n', ":5:19:", "cannot drop 'nope'"),
    ("drop twice", HEAD + '  "extends": "privilegesecure",\n'
     '  "drop": ["dns", "dns"]\n}\n', ":5:19:", "dropped twice"),
    ("drop without extends", HEAD + '  "drop": ["dns"]\n}\n', ":4:11:",
     "'drop' needs \"extends\""),
    ("product in overlay", HEAD + '  "extends": "privilegesecure",\n'
     '  "product": "x"\n}\n', ":5:14:", "overlay cannot set it"),
    ("unknown extends", HEAD + '  "extends": "nosuch"\n}\n', ":4:14:",
     "unknown baseline 'nosuch'"),
    ("missing extends file", HEAD + '  "extends": "./nosuch.json"\n}\n',
     ":4:14:", "does not exist"),
    ("waiver unknown requirement", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"requirement": "nope", "reason": "r",'
     ' "expires": "2030-01-01"}]\n}\n', ":5:31:",
     "unknown requirement 'nope'"),
    ("waiver of a dropped requirement", HEAD +
     '  "extends": "privilegesecure",\n  "drop": ["dns"],\n'
     '  "waivers": [{"requirement": "dns", "reason": "r",'
     ' "expires": "2030-01-01"}]\n}\n', ":6:31:", "dropped"),
    ("waiver bad date", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"requirement": "dns", "reason": "r",'
     ' "expires": "2030-02-30"}]\n}\n', ":5:64:", "bad date '2030-02-30'"),
    ("waiver no reason", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"requirement": "dns", "expires": "2030-01-01"}]\n}\n',
     ":5:15:", "missing key 'reason'"),
    ("waiver both targets", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"requirement": "dns", "extra": {}, "reason": "r",'
     ' "expires": "2030-01-01"}]\n}\n', ":5:15:", "exactly one of"),
    ("extra waiver bad protocol", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"extra": {"direction": "in", "protocol": "icmp",'
     ' "ports": "1"}, "reason": "r", "expires": "2030-01-01"}]\n}\n',
     ":5:57:", "bad protocol 'icmp'"),
    ("extra waiver bad ports", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"extra": {"direction": "in", "protocol": "tcp",'
     ' "ports": "70000"}, "reason": "r", "expires": "2030-01-01"}]\n}\n',
     ":5:73:", "bad port '70000'"),
    ("extra waiver unknown key", HEAD + '  "extends": "privilegesecure",\n'
     '  "waivers": [{"extra": {"direction": "in", "protocol": "tcp",'
     ' "ports": "1", "chain": "INPUT"}, "reason": "r",'
     ' "expires": "2030-01-01"}]\n}\n', ":5:87:", "unknown key 'chain'"),
    ("duplicate id of the parent", HEAD + '  "extends": "privilegesecure",\n'
     '  "requirements": [' + json.dumps(req("dns")) + ']\n}\n', ":5:",
     "already in the extended baseline"),
    ("unknown role in added requirement", HEAD +
     '  "extends": "privilegesecure",\n  "requirements": [' +
     json.dumps(req("x", roles=["nope"])) + ']\n}\n', ":5:", "unknown role"),
    ("redeclared role", HEAD + '  "extends": "privilegesecure",\n'
     '  "roles": [{"name": "proxy-server"}]\n}\n', ":5:13:",
     "already declared by the extended baseline"),
    ("drop everything", HEAD + '  "extends": "endpointprotector",\n'
     '  "drop": ["clients-https-in", "support-ssh-closed",'
     ' "support-ssh-restricted", "ad-ldap-out"]\n}\n', ":5:", "drops every"),
]
with tempfile.TemporaryDirectory() as d:
    for name, text, where, msg in BAD:
        path = write(d, "bad.json", text)
        rc, out, err = run("--baseline", path, "--input", DRIFT)
        check(f"{name}: exit 3", rc == 3, f"rc={rc} {err}")
        check(f"{name}: position", f"bad.json{where}" in err, err)
        check(f"{name}: message", msg in err, err)
        check(f"{name}: no crash", "Sanitizer" not in err, err)
    # A loop: a extends b extends a.
    write(d, "a.json", {"schema": "fwdrift-baseline/1", "name": "a",
                        "extends": "b.json"})
    write(d, "b.json", {"schema": "fwdrift-baseline/1", "name": "b",
                        "extends": "a.json"})
    rc, out, err = run("--baseline", os.path.join(d, "a.json"), "--input",
                       DRIFT)
    check("extends loop: exit 3 and says so", rc == 3 and
          "nest more than 8" in err, err)
    # An error inside the extended file is reported at its own position.
    write(d, "broken.json", '{\n  "schema": "fwdrift-baseline/1",\n'
          '  "name": 1\n}\n')
    write(d, "child.json", {"schema": "fwdrift-baseline/1", "name": "child",
                            "extends": "broken.json"})
    rc, out, err = run("--baseline", os.path.join(d, "child.json"), "--input",
                       DRIFT)
    check("error in the parent names the parent", rc == 3 and
          "broken.json:3:11:" in err, err)

finish()
