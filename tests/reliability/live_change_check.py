#!/usr/bin/env python3
"""Checker for live_change_ns.sh: is each live audit's exposure one of the
rulesets that were loaded whole (never a mix of two), or a clear UNKNOWN?

  live_change_check.py expect MODE DIR NAME...
      DIR/expect.NAME.json are the exposures of the quiescent loads: each
      must parse, and every pair must differ in at least 3 entries (for
      MODE legacy: in each family), so that a mix would show.
  live_change_check.py audits MODE DIR NAME... [-- TRANSIENT...]
      DIR/audit.N.{json,err,rc}: exit 0 with an exposure equal to one of
      the expected ones (MODE nft: the whole list; MODE legacy: each
      family on its own, since iptables-legacy-restore replaces one table
      of one family at a time), or exit 3 with a message saying the
      ruleset changed. Prints a summary.
      A TRANSIENT name X~WHAT (DIR/expect.X~WHAT.json) is ruleset X as
      the kernel holds it for an instant while committing it: nf_tables
      makes the new base chains live first and applies a drop policy
      afterwards (nft_chain_commit_drop_policy), so a dump then sees
      policy accept, and packets are accepted then too. Counted apart,
      not a failure.

MODE is nft or legacy. Exit 1 on any failure."""
import glob
import json
import os
import sys

mode, what, d, names = sys.argv[2], sys.argv[1], sys.argv[3], sys.argv[4:]
transient = []
if "--" in names:
    transient = names[names.index("--") + 1:]
    names = names[:names.index("--")]
assert mode in ("nft", "legacy") and what in ("expect", "audits")
failed = []


def key(e):
    return (e["view"], e["family"], e["direction"], e["protocol"])


def parts(exposure):
    """The exposure as the units that must each come from one ruleset:
    the whole (nft) or one part per family (legacy)."""
    if mode == "nft":
        return {"all": exposure}
    out = {}
    for e in exposure:
        out.setdefault(e["family"], []).append(e)
    return out


expect = {}
for n in names + transient:
    try:
        expect[n] = parts(json.load(open(os.path.join(d, f"expect.{n}.json"))))
    except (OSError, ValueError) as e:
        failed.append(f"expected exposure of ruleset {n}: {e}")

if what == "expect":
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a not in expect or b not in expect:
                continue
            for unit in set(expect[a]) | set(expect[b]):
                ea = {key(e): e for e in expect[a].get(unit, [])}
                eb = {key(e): e for e in expect[b].get(unit, [])}
                diff = [k for k in set(ea) | set(eb) if ea.get(k) != eb.get(k)]
                if len(diff) < 3:
                    failed.append(f"rulesets {a} and {b} differ in only "
                                  f"{len(diff)} {unit} entries: a mix "
                                  f"could pass unseen")
    for f in failed:
        print("FAIL", f)
    if not failed:
        print(f"ok {len(names)} distinct expected exposures "
              f"({', '.join(names)})")
    sys.exit(1 if failed else 0)

seen = {}        # ruleset name (or per-family combination): count
unknown = 0
caught = {}      # transient name: count
audits = sorted(glob.glob(os.path.join(d, "audit.*.rc")),
                key=lambda p: int(p.split(".")[-2]))
for rc_path in audits:
    base = rc_path[:-3]
    n = base.split(".")[-1]
    rc = int(open(rc_path).read().strip() or -1)
    err = open(base + ".err", errors="replace").read()
    if rc == 3:
        if "changed" in err and ("try again" in err or "retr" in err):
            unknown += 1
        else:
            failed.append(f"audit {n}: exit 3 without saying the ruleset "
                          f"changed: {err.strip()[:300]}")
        continue
    if rc != 0:
        failed.append(f"audit {n}: exit {rc}: {err.strip()[:300]}")
        continue
    try:
        got = parts(json.load(open(base + ".json")))
    except ValueError as e:
        failed.append(f"audit {n}: exit 0 but no JSON exposure: {e}")
        continue
    combo = []
    mid = [x for x in transient if expect[x].get("all") == got.get("all")]
    if mode == "nft" and mid:
        caught[mid[0]] = caught.get(mid[0], 0) + 1
        continue
    for unit in sorted(set(got) | {u for x in expect.values() for u in x}):
        match = [x for x in names if expect[x].get(unit) == got.get(unit)]
        if not match:
            failed.append(f"audit {n}: the {unit} exposure is none of the "
                          f"loaded rulesets (a mix?); kept in {base}.json")
            break
        combo.append(match[0] if mode == "nft" else f"{unit}={match[0]}")
    else:
        label = "+".join(combo)
        seen[label] = seen.get(label, 0) + 1

consistent = sum(seen.values())
summary = ", ".join(f"{k}: {v}" for k, v in sorted(seen.items()))
print(f"{len(audits)} audits: {consistent} read one whole ruleset "
      f"({summary}), {unknown} UNKNOWN 'changed', {len(failed)} wrong")
if caught:
    print("caught mid-commit, drop policy not yet applied (kernel "
          "transient, allowed): " +
          ", ".join(f"{k}: {v}" for k, v in sorted(caught.items())))
if mode == "legacy":
    mixed = sum(v for k, v in seen.items()
                if len({p.split("=")[1] for p in k.split("+")}) > 1)
    print(f"families read from different loads: {mixed} "
          f"(allowed: each family's table is replaced on its own)")
for f in failed[:20]:
    print("FAIL", f)
whole = {p.split("=")[-1] for k in seen for p in k.split("+")}
if len(whole) < 2:
    print(f"FAIL only {sorted(whole)} seen: the ruleset did not change "
          f"during the audits?")
    failed.append("no change seen")
if consistent + sum(caught.values()) < len(audits) // 2:
    print(f"FAIL only {consistent} of {len(audits)} audits gave a report")
    failed.append("too few reports")
sys.exit(1 if failed else 0)
