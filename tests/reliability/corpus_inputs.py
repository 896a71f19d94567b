#!/usr/bin/env python3
"""Every input of the fuzz corpora (the seeds and the crash-* inputs that
fuzzing found) given to the fwdrift command the way a user would: reader
inputs with --input and --exposure (exit 0 or 3), baselines with
--baseline against a small export (exit 0 to 3), argument vectors as the
command line, report pairs to `fwdrift compare OLD NEW` (exit 0 to 3). Never a crash, a sanitizer report, or a hang.

The netsh-registry and netsh-text inputs are turned into files exactly
as their harnesses do (fuzz/fuzz_netsh_registry.c, fuzz_netsh_text.c).

Usage: corpus_inputs.py FWDRIFT CORPUS_DIR OK_EXPORT"""
import os
import subprocess
import sys
import tempfile

BIN, CORPUS, OK = (os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]),
                   os.path.abspath(sys.argv[3]))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from fwtest import check, finish  # noqa: E402

REG_HEAD = (b"Windows Registry Editor Version 5.00\r\n\r\n"
            b"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
            b"SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile]\r\n"
            b"\"EnableFirewall\"=dword:00000001\r\n"
            b"\"DefaultInboundAction\"=dword:00000001\r\n\r\n"
            b"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
            b"SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]\r\n")


def registry_export(data):
    """fuzz_netsh_registry.c: lines starting v2. become rule values."""
    out, n = [REG_HEAD], 0
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for line in lines:
        if line.startswith(b"v2."):
            esc = line.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
            out.append(b'"{rule-%d}"="%s"' % (n, esc))
            n += 1
        else:
            out.append(line)
        out.append(b"\r\n")
    return b"".join(out)


read_ok = {}  # folder: runs that exited 0 (so inputs were really read)


def run(name, args, cwd, ok_codes):
    env = dict(os.environ)
    env.pop("FWDRIFT_BASELINE_PATH", None)
    try:
        p = subprocess.run([BIN, *args], capture_output=True, cwd=cwd,
                           env=env, timeout=60, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        check(name, False, "no answer within 60 s")
        return
    err = p.stderr.decode("utf-8", "replace")
    folder = name.split("/")[0]
    read_ok[folder] = read_ok.get(folder, 0) + (p.returncode in (0, 1, 2))
    check(name, p.returncode in ok_codes and "Sanitizer" not in err and
          "runtime error" not in err,
          f"exit {p.returncode}: {err[-2000:]}")


READERS = {"iptables-save": "iptables", "nft-json": "nftables",
           "netsh-text": "netsh", "netsh-registry": "netsh"}

with tempfile.TemporaryDirectory() as tmp:
    for sub in sorted(os.listdir(CORPUS)):
        folder = os.path.join(CORPUS, sub)
        for f in sorted(os.listdir(folder)):
            path = os.path.join(folder, f)
            name = f"{sub}/{f}"
            data = open(path, "rb").read()
            if sub in READERS:
                inputs = [path]
                if sub == "netsh-registry":
                    inputs = [os.path.join(tmp, "export.reg")]
                    open(inputs[0], "wb").write(registry_export(data))
                elif sub == "netsh-text" and b"\f" in data:
                    a, b = data.split(b"\f", 1)
                    inputs = [os.path.join(tmp, "a"), os.path.join(tmp, "b")]
                    open(inputs[0], "wb").write(a)
                    open(inputs[1], "wb").write(b)
                args = ["--exposure", "--reader", READERS[sub]]
                for i in inputs:
                    args += ["--input", i]
                run(name, args, tmp, (0, 3))
                run(name + " (detected)", args[:1] + args[3:], tmp, (0, 3))
            elif sub == "baseline":
                run(name, ["--baseline", path, "--input", OK], tmp,
                    (0, 1, 2, 3))
                run(name + " all", ["--baseline", path, "--role", "all",
                                    "--feature", "all", "--input", OK,
                                    "--format", "json"], tmp, (0, 1, 2, 3))
            elif sub == "compare":
                # fuzz_compare.c: OLD, form feed, NEW (alone: with itself)
                a, _, b = data.partition(b"\f")
                files = [os.path.join(tmp, "old.json"),
                         os.path.join(tmp, "new.json")]
                open(files[0], "wb").write(a)
                open(files[1], "wb").write(b if b"\f" in data else a)
                for fmt in ("text", "json", "nagios"):
                    run(f"{name} {fmt}", ["compare", *files, "--format",
                                          fmt], tmp, (0, 1, 2, 3))
            elif sub == "options":
                argv = data.split(b"\0")
                # Never let a fuzzed command line write files or load code.
                if any(a.startswith((b"--output", b"--plugin-dir", b"--o",
                                     b"--p")) for a in argv):
                    continue
                argv = [a.decode("utf-8", "surrogateescape") for a in argv
                        if b"\0" not in a]
                run(name, argv + ["--input", OK], tmp, (0, 1, 2, 3))

for folder in sorted(read_ok):
    check(f"{folder}: some inputs read without error", read_ok[folder] > 0,
          "every run failed: are the paths right?")

finish()
