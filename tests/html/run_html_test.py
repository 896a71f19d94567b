#!/usr/bin/env python3
"""--format html in headless Chromium: the page renders, its script runs,
the console stays clean, nothing is fetched, and every number on the page
(summary counts, each requirement's status per view, extras, waivers)
equals the JSON report of the same audit.
Usage: run_html_test.py FWDRIFT_BINARY"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
BIN = sys.argv[1]
DRIFT = os.path.join(ROOT, "tests", "cli", "fixtures", "ps-drift.v4")
LOCAL = os.path.join(ROOT, "tests", "overlay", "fixtures", "ps-local.json")
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from fwtest import check, finish  # noqa: E402


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROME = browser()
if not CHROME:
    print("FAIL chromium not installed (apt-get install chromium; it is in "
          ".ci/deps)", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)


def chromium_dom(path):
    """Dump the DOM after scripts ran; return (dom, console lines)."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [CHROME, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-quic", "--no-first-run",
               "--disable-background-networking",
               "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={profile}",
               "--enable-logging=stderr", "--v=0",
               "--dump-dom", "file://" + os.path.abspath(path)]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=90,
                           env=dict(os.environ, HOME=profile))
    console = [l for l in p.stderr.splitlines()
               if "CONSOLE" in l or "Uncaught" in l or "Refused to" in l
               or "Content Security Policy" in l]
    return p.returncode, p.stdout, console


class Page(html.parser.HTMLParser):
    """What a reader sees: counts, rows, extras, waivers, maps."""

    def __init__(self):
        super().__init__()
        self.counts, self.rows, self.extras, self.waivers = {}, set(), [], []
        self.maps, self.status, self.body, self.fetching = [], None, {}, []
        self.roles = []
        self._count = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "action", "poster"):
            if k in a:
                self.fetching.append((tag, k, a[k]))
        if tag == "link" or (tag == "script" and "src" in a):
            self.fetching.append((tag, a))
        if tag == "body":
            self.body = a
        if tag == "dd" and a.get("id", "").startswith("count-"):
            self.counts[a["id"][6:]] = int(a["data-count"])
        if a.get("id") == "status":
            self.status = a.get("data-status")
        if tag == "tr" and "data-id" in a:
            self.rows.add((a["data-id"], a["data-view"], a["data-status"],
                           "data-waived" in a))
        if tag == "tr" and "extra" in a.get("class", "").split():
            self.extras.append((a["data-family"], a["data-direction"],
                                a["data-protocol"], a["data-ports"]))
        if tag == "tr" and "waiver" in a.get("class", "").split():
            self.waivers.append(a["data-status"])
        if tag == "figure" and "map" in a.get("class", ""):
            self.maps.append((a["data-view"], a["data-family"],
                              a["data-direction"]))
        if tag == "section" and "data-role" in a:
            self.roles.append(a["data-role"])


def audit(fmt, *args, out=None):
    cmd = [BIN, "--format", fmt, *args]
    if out:
        cmd += ["--output", out]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


# The checker must see a console error when there is one.
with tempfile.TemporaryDirectory() as d:
    bad = os.path.join(d, "bad.html")
    with open(bad, "w") as f:
        f.write("<!DOCTYPE html><html><body><p>x</p><script>"
                "console.error('planted error');nosuchfunction();</script>"
                "</body></html>")
    rc, dom, console = chromium_dom(bad)
    check("chromium runs", rc == 0 and "<p>x</p>" in dom, f"rc={rc}")
    check("console errors are seen", any("planted error" in l for l in console)
          and any("nosuchfunction" in l for l in console), console)

CASES = [
    ("drift", ["--baseline", "privilegesecure", "--input", DRIFT]),
    ("all roles", ["--baseline", "privilegesecure", "--role", "all",
                   "--feature", "all", "--input", DRIFT]),
    ("overlay with waivers", ["--baseline", LOCAL, "--input", DRIFT, "-v"]),
    ("thresholds", ["--baseline", "privilegesecure", "--input", DRIFT,
                    "-w", "extra=5", "-c", "missing=20"]),
]
with tempfile.TemporaryDirectory() as d:
    for name, args in CASES:
        page_path = os.path.join(d, "report.html")
        rc_h, out, err = audit("html", *args, out=page_path)
        rc_j, js, err_j = audit("json", *args)
        check(f"{name}: html exit = json exit", rc_h == rc_j and rc_h in
              (0, 1, 2), (rc_h, rc_j, err, err_j))
        rep = json.loads(js)
        with open(page_path) as f:
            raw = f.read()
        # Text may quote URLs (the vendor page does); markup and styles
        # must not point anywhere.
        check(f"{name}: one file, nothing to fetch",
              not re.search(r"\b(src|href|action|srcset)\s*=", raw) and
              "@import" not in raw and "url(" not in raw and
              "<link" not in raw and "<iframe" not in raw,
              re.findall(r".{30}\b(?:src|href)\s*=.{30}", raw)[:3])
        rc, dom, console = chromium_dom(page_path)
        check(f"{name}: renders", rc == 0 and "</html>" in dom, f"rc={rc}")
        check(f"{name}: no console message", console == [], console)
        p = Page()
        p.feed(dom)
        check(f"{name}: script ran", p.body.get("data-ready") == "1", p.body)
        check(f"{name}: fetches nothing", p.fetching == [], p.fetching)
        s = rep["summary"]
        check(f"{name}: status", p.status == s["status"], (p.status, s))
        for k in ("compliant", "missing", "conflicting", "extra", "waived",
                  "expired_waivers"):
            if k in s or k in p.counts:
                check(f"{name}: count {k}", p.counts.get(k) == s.get(k),
                      (p.counts, s))
        want = {(r["id"], r["view"], r["status"], "waived" in r)
                for r in rep["requirements"]}
        check(f"{name}: every requirement and status", p.rows == want,
              sorted(p.rows ^ want)[:6])
        check(f"{name}: a table per selected role",
              p.roles == rep["baseline"]["roles"], (p.roles,
                                                    rep["baseline"]["roles"]))
        want_x = sorted((e["family"], e["direction"], e["protocol"],
                         e["ports"]) for e in rep["extra"])
        check(f"{name}: extras", sorted(p.extras) == want_x,
              (p.extras, want_x))
        check(f"{name}: waivers", sorted(p.waivers) ==
              sorted(w["status"] for w in rep.get("waivers", [])),
              (p.waivers, rep.get("waivers")))
        check(f"{name}: a port map per family and direction",
              sorted(p.maps) == [("host", "ipv4", "in"),
                                 ("host", "ipv4", "out")], p.maps)
        check(f"{name}: map shows the open ports",
              'data-label="open" data-ports="4422-4422"' in dom and
              'data-label="restricted" data-ports="22-22"' in dom)
    # What an auditor sees: a screenshot renders to a real image.
    shot = os.path.join(d, "shot.png")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROME, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--window-size=1200,1600",
                        f"--screenshot={shot}", "file://" + page_path],
                       capture_output=True, timeout=90,
                       env=dict(os.environ, HOME=profile))
    check("screenshot", os.path.exists(shot) and
          os.path.getsize(shot) > 20000 and
          open(shot, "rb").read(8) == b"\x89PNG\r\n\x1a\n")

rc, out, err = audit("html", "--exposure")
check("html is refused where it does not apply", rc == 3 and
      "--format html" in err, err)

finish()
