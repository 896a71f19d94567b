#!/usr/bin/env python3
"""fwdrift benchmark: run by hand as root, never part of the test suite.

Generates rulesets, loads them into a throw-away network namespace (this
script re-executes itself under `unshare -n`), and times each command as a
whole process over several runs with /usr/bin/time: median, min and max of
wall time and peak RSS. Prints one table with ratios against the standard
tool measured in the same run.

  bench/run.py [--build BUILD] [--runs N] [--sizes 10000,50000,100000]
               [--quick]

Needs: iptables (legacy), nftables, libmnl-dev and libjansson-dev (the
netlink and JSON floors), time, python3, a built fwdrift (default: build/).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def measure(cmd, runs):
    """Wall seconds (perf_counter around the whole process: /usr/bin/time
    rounds to 10 ms) and peak RSS in KiB (/usr/bin/time's %M) of cmd."""
    walls, rss = [], []
    # one untimed run first, for every command alike: the page cache, the
    # shared libraries and the kernel's free huge pages then start in the
    # same state for each timed run
    subprocess.run(["sh", "-c", cmd + " >/dev/null 2>&1"])
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c",
                            cmd + " >/dev/null"], capture_output=True,
                           text=True)
        walls.append(time.perf_counter() - t0)
        if p.returncode not in (0, 1, 2):
            raise SystemExit(f"failed ({p.returncode}): {cmd}\n{p.stderr}")
        rss.append(int(p.stderr.strip().splitlines()[-1]))
    return walls, rss


class Table:
    def __init__(self):
        self.rows = []

    def add(self, group, name, walls, rss, ref=None, size=None):
        self.rows.append(dict(group=group, name=name, walls=walls, rss=rss,
                              ref=ref, size=size))

    def find(self, group, name):
        for r in self.rows:
            if r["group"] == group and r["name"] == name:
                return r
        return None

    def render(self):
        lines = []
        hdr = (f"{'ruleset':<26} {'command':<34} {'wall med':>9} {'min':>7} "
               f"{'max':>7} {'RSS MiB':>8} {'x wall':>7} {'x RSS':>6} "
               f"{'MB/s':>6}")
        lines.append(hdr)
        lines.append("-" * len(hdr))
        for r in self.rows:
            med = statistics.median(r["walls"])
            rss = statistics.median(r["rss"]) / 1024
            xw = xr = ""
            if r["ref"]:
                ref = self.find(r["group"], r["ref"])
                xw = f"{med / max(statistics.median(ref['walls']), 1e-3):.2f}"
                xr = f"{rss * 1024 / statistics.median(ref['rss']):.2f}"
            mbs = ""
            if r["size"]:
                mbs = f"{r['size'] / 1e6 / max(med, 1e-3):.0f}"
            lines.append(f"{r['group']:<26} {r['name']:<34} {med:>9.3f} "
                         f"{min(r['walls']):>7.3f} {max(r['walls']):>7.3f} "
                         f"{rss:>8.1f} {xw:>7} {xr:>6} {mbs:>6}")
        return "\n".join(lines)

    def scaling(self):
        """Largest over smallest size of each ruleset kind, per command:
        the targets want at most 11x from 10k to 100k (linear)."""
        kinds = {}
        for r in self.rows:
            kind, _, size = r["group"].rpartition(" ")
            if not size.endswith("k") or not size[:-1].isdigit():
                continue
            kinds.setdefault((kind, r["name"]), []).append((int(size[:-1]), r))
        lines = [f"{'scaling':<26} {'command':<34} {'sizes':>12} "
                 f"{'x wall':>7} {'x RSS':>6}"]
        for (kind, name), rs in kinds.items():
            if len(rs) < 2:
                continue
            rs.sort(key=lambda x: x[0])
            (a, ra), (b, rb) = rs[0], rs[-1]
            xw = statistics.median(rb["walls"]) / max(
                statistics.median(ra["walls"]), 1e-3)
            xr = statistics.median(rb["rss"]) / statistics.median(ra["rss"])
            lines.append(f"{kind:<26} {name:<34} {f'{a}k -> {b}k':>12} "
                         f"{xw:>7.2f} {xr:>6.2f}")
        return "\n".join(lines)


def gen_nft(n, path, big_sets=False):
    """A kube-proxy-like nftables ruleset: a chain per service reached by
    a jump on its port, ~20 rules each; optionally a named set of 100k
    prefixes and one of 10k ports used by rules."""
    per = 20
    chains = max(1, n // per)
    with open(path, "w") as f:
        f.write("flush ruleset\ntable inet bench {\n")
        if big_sets:
            f.write("  set blocked { type ipv4_addr; flags interval; elements = {\n")
            f.write(",\n".join(f"    {11 + i // 65536}.{i // 256 % 256}."
                               f"{i % 256}.0/24" for i in range(100000)))
            f.write(" } }\n")
            f.write("  set svcports { type inet_service; elements = { ")
            f.write(", ".join(str(20000 + i) for i in range(10000)))
            f.write(" } }\n")
        for c in range(chains):
            port = 1024 + (c * 7) % 60000
            f.write(f"  chain svc{c} {{\n")
            for r in range(per - 2):
                f.write(f"    ip saddr 10.{c % 256}.{(c // 256) % 256}.{r * 8}/29 "
                        f"tcp dport {port} accept\n")
            f.write(f"    limit rate 5/minute log prefix \"svc{c} \"\n    return\n  }}\n")
        f.write("  chain input {\n    type filter hook input priority 0; policy drop;\n")
        f.write("    iifname \"lo\" accept\n    ct state established,related accept\n")
        if big_sets:
            f.write("    ip saddr @blocked drop\n    tcp dport @svcports accept\n")
        for c in range(chains):
            f.write(f"    tcp dport {1024 + (c * 7) % 60000} jump svc{c}\n")
        f.write("  }\n}\n")


def bench_iptables(t, fw, runs, sizes, tmp):
    for n in sizes:
        group = f"iptables-legacy {n // 1000}k"
        src = os.path.join(tmp, f"ipt{n}.v4")
        sh(f"python3 {HERE}/gen_iptables.py {n} > {src}")
        sh(f"iptables-legacy-restore < {src}")
        saved = os.path.join(tmp, f"saved{n}.v4")
        sh(f"iptables-legacy-save > {saved}")
        size = os.path.getsize(saved)
        t.add(group, "iptables-legacy-save", *measure("iptables-legacy-save", runs))
        t.add(group, "fwdrift --exposure (live)",
              *measure(f"{fw} --reader iptables --exposure", runs),
              ref="iptables-legacy-save")
        t.add(group, "fwdrift audit (live)",
              *measure(f"{fw} --reader iptables --baseline privilegesecure "
                       "--format json", runs), ref="iptables-legacy-save")
        t.add(group, "fwdrift --exposure (file)",
              *measure(f"{fw} --input {saved} --exposure", runs),
              ref="iptables-legacy-save", size=size)
        t.add(group, "fwdrift audit (file)",
              *measure(f"{fw} --input {saved} --baseline privilegesecure "
                       "--format json", runs), ref="iptables-legacy-save",
              size=size)
        sh("iptables-legacy -F; iptables-legacy -X")
    for n in sizes:
        # one rule per port (1-65535, then the same ports again for udp)
        group = f"iptables every port {n // 1000}k"
        src = os.path.join(tmp, f"every{n}.v4")
        sh(f"python3 {HERE}/gen_iptables.py {n} --every-port > {src}")
        sh(f"iptables-legacy-restore < {src}")
        # the file audited is what iptables-legacy-save wrote, as above
        saved = os.path.join(tmp, f"saved-every{n}.v4")
        sh(f"iptables-legacy-save > {saved}")
        t.add(group, "iptables-legacy-save",
              *measure("iptables-legacy-save", runs))
        t.add(group, "fwdrift --exposure (live)",
              *measure(f"{fw} --reader iptables --exposure", runs),
              ref="iptables-legacy-save")
        t.add(group, "fwdrift --exposure (file)",
              *measure(f"{fw} --input {saved} --exposure", runs),
              ref="iptables-legacy-save", size=os.path.getsize(saved))
        sh("iptables-legacy -F; iptables-legacy -X; "
           "iptables-legacy -P INPUT ACCEPT")


def bench_nft(t, fw, runs, sizes, tmp, floor, json_floor):
    cases = [(n, False) for n in sizes] + [(sizes[len(sizes) // 2], True)]
    for n, big in cases:
        group = f"nftables {n // 1000}k" + (" + sets" if big else "")
        src = os.path.join(tmp, f"nft{n}{big}.nft")
        gen_nft(n, src, big)
        sh(f"nft -f {src}")
        js = os.path.join(tmp, f"nft{n}{big}.json")
        sh(f"nft -j list ruleset > {js}")
        size = os.path.getsize(js)
        t.add(group, "nft list ruleset", *measure("nft list ruleset", runs))
        t.add(group, "nft -j list ruleset", *measure("nft -j list ruleset", runs))
        t.add(group, "netlink floor, one dump", *measure(floor, runs))
        t.add(group, "netlink floor, per chain",
              *measure(f"{floor} --per-chain", runs))
        t.add(group, "fwdrift --exposure (live)",
              *measure(f"{fw} --reader nftables --exposure", runs),
              ref="nft list ruleset")
        t.add(group, "  ... against the floor",
              *measure(f"{fw} --reader nftables --exposure", runs),
              ref="netlink floor, per chain")
        t.add(group, "fwdrift audit (live)",
              *measure(f"{fw} --reader nftables --baseline utmstack "
                       "--format json", runs), ref="nft list ruleset")
        t.add(group, "jansson json_loadb (JSON floor)",
              *measure(f"{json_floor} {js}", runs), size=size)
        t.add(group, "fwdrift --exposure (nft -j file)",
              *measure(f"{fw} --input {js} --exposure", runs),
              ref="nft -j list ruleset", size=size)
        t.add(group, "  ... against the JSON floor",
              *measure(f"{fw} --input {js} --exposure", runs),
              ref="jansson json_loadb (JSON floor)", size=size)
        sh("nft flush ruleset")


def bench_netsh(t, fw, runs, tmp):
    group = "netsh 5000 rules"
    src = os.path.join(tmp, "n5000.txt")
    sh(f"python3 {HERE}/gen_netsh.py 5000 > {src}")
    size = os.path.getsize(src)
    t.add(group, "cat (read the file)", *measure(f"cat {src}", runs))
    t.add(group, "fwdrift --exposure", *measure(f"{fw} --input {src} --exposure",
                                                runs), size=size)
    t.add(group, "fwdrift audit", *measure(
        f"{fw} --input {src} --baseline threatmanager --format json", runs),
        size=size)
    group = "netsh 1000 exports"
    d = os.path.join(tmp, "exports")
    os.makedirs(d, exist_ok=True)
    for i in range(1000):
        sh(f"python3 {HERE}/gen_netsh.py 40 {i} > {d}/host{i:04d}.txt")
    t.add(group, "1000 x fwdrift audit", *measure(
        f"for f in {d}/*.txt; do {fw} --input $f --baseline threatmanager "
        "--format json >/dev/null; done", max(1, runs // 2)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--only", default="iptables,nftables,netsh")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if not a.inner:
        if os.geteuid() != 0:
            raise SystemExit("bench/run.py: run as root (it makes a network namespace)")
        os.execvp("unshare", ["unshare", "-n", sys.executable, *sys.argv, "--inner"])
    fw = os.path.join(os.path.abspath(a.build), "src", "fwdrift")
    sizes = [int(s) for s in a.sizes.split(",")]
    t = Table()
    load0 = f"{os.getloadavg()[0]:.2f}"
    with tempfile.TemporaryDirectory() as tmp:
        floor = os.path.join(tmp, "nl_floor")
        json_floor = os.path.join(tmp, "json_floor")
        sh(f"cc -O2 {HERE}/nl_floor.c $(pkg-config --cflags --libs libmnl) -o {floor}")
        sh(f"cc -O2 {HERE}/json_floor.c $(pkg-config --cflags --libs jansson) "
           f"-o {json_floor}")
        only = a.only.split(",")
        if "iptables" in only:
            bench_iptables(t, fw, a.runs, sizes, tmp)
        if "nftables" in only:
            bench_nft(t, fw, a.runs, sizes, tmp, floor, json_floor)
        if "netsh" in only:
            bench_netsh(t, fw, a.runs, tmp)
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                             "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "?")
    print(f"fwdrift benchmark, commit {commit}, kernel {os.uname().release}, "
          f"{os.cpu_count()} x {cpu}, {a.runs} runs each, load average "
          f"{load0} before and {os.getloadavg()[0]:.2f} after")
    print("x = ratio to the reference command of the group (median wall, "
          "median peak RSS); MB/s = input file size / median wall")
    print(t.render())
    print()
    print(t.scaling())


if __name__ == "__main__":
    main()
