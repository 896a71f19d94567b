#!/usr/bin/env python3
"""ns_check.py — compare the audits of one corpus ruleset.

    ns_check.py CASE_DIR LIVE.json OFFLINE.json LIVE.model OFFLINE.model

expected.json of the case:
  "exposure": entries {family, direction, protocol, open[, restricted]}
              that must hold in the live audit (and offline, unless
              "offline" is given);
  "offline":  entries for the offline audit when it must differ (the JSON
              export lost iptables-nft match data, or legacy iptables
              rules are not in an nft export);
  "same_model": false when the live and offline models may differ.
Without "offline", live and offline exposures must be identical, and so
must the rule origins and texts of the two models.
Prints one "ok"/"FAIL" line per check; exits 1 on any failure.
"""
import json
import re
import sys

case, live_p, off_p, live_m, off_m = sys.argv[1:6]
exp = json.load(open(case + "/expected.json"))
fails = 0


def load(p):
    with open(p) as f:
        return json.load(f)


def key(e):
    return (e.get("view", "host"), e["family"], e["direction"], e["protocol"])


def check(name, audit, wanted):
    global fails
    by = {key(e): e for e in audit}
    for w in wanted:
        got = by.get(key(w))
        if got is None:
            print("FAIL %s: no entry %s" % (name, key(w)))
            fails += 1
            continue
        for f in ("open", "restricted"):
            if f in w and got.get(f) != w[f]:
                print("FAIL %s %s %s: want %r, got %r" %
                      (name, "/".join(key(w)[1:]), f, w[f], got.get(f)))
                fails += 1
    print("ok %s: %d expected entries checked" % (name, len(wanted)))


def summary(audit):
    return sorted((key(e), e.get("open"), e.get("restricted"),
                   e.get("default")) for e in audit)


def model_lines(p):
    out = []
    for line in open(p):
        line = line.rstrip("\n")
        line = re.sub(r"where=[^:]*: ", "where=", line)
        if line.startswith("note") or "chain nftables" in line or \
                "where=" in line or "text=" in line:
            out.append(line)
    return out


live = load(live_p)
off = load(off_p)
if "FWD_NFT_SHOW" in __import__("os").environ:
    for name, audit in (("live", live), ("offline", off)):
        for e in audit:
            print("SHOW %s %s/%s/%s open=%r restricted=%r" % (
                name, e["family"], e["direction"], e["protocol"],
                e.get("open"), e.get("restricted")))
check("live", live, exp["exposure"])
check("offline", off, exp.get("offline", exp["exposure"]))
if "offline" not in exp:
    if summary(live) != summary(off):
        print("FAIL live and offline exposures differ")
        for a, b in zip(summary(live), summary(off)):
            if a != b:
                print("  live   ", a)
                print("  offline", b)
        fails += 1
    else:
        print("ok live and offline exposures agree")
if exp.get("same_model", "offline" not in exp):
    a, b = model_lines(live_m), model_lines(off_m)
    if a != b:
        print("FAIL live and offline models differ (origin or text)")
        for x, y in zip(a, b):
            if x != y:
                print("  live   ", x)
                print("  offline", y)
        if len(a) != len(b):
            print("  %d lines live, %d offline" % (len(a), len(b)))
        fails += 1
    else:
        print("ok live and offline rule texts agree (%d lines)" % len(a))
sys.exit(1 if fails else 0)
