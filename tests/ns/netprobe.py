#!/usr/bin/env python3
"""netprobe.py — listener and prober for the namespace tests, standard
library only, every loop bounded in time.

  netprobe.py listen READY_FILE SECONDS tcp:22,80 udp:53,5353
      bind every port on 0.0.0.0 and ::, accept TCP connections, echo UDP
      datagrams back; write READY_FILE once bound; stop after SECONDS
  netprobe.py probe tcp|udp HOST PORT [TIMEOUT]
      print "open" when a TCP connection is accepted or a UDP datagram is
      echoed, else "closed"
  netprobe.py probe-many TIMEOUT < lines "tcp|udp HOST PORT"
      the same for every line, in parallel; prints "PROTO HOST PORT RESULT"
      lines in input order
"""
import select
import socket
import sys
import threading
import time


def ports(spec, kind):
    out = []
    for s in spec:
        k, _, p = s.partition(":")
        if k == kind and p:
            out += [int(x) for x in p.split(",")]
    return out


def listen(ready, seconds, spec):
    socks = {}
    for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        for kind, typ in (("tcp", socket.SOCK_STREAM),
                          ("udp", socket.SOCK_DGRAM)):
            for p in ports(spec, kind):
                s = socket.socket(fam, typ)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if fam == socket.AF_INET6:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                s.bind((addr, p))
                if kind == "tcp":
                    s.listen(16)
                socks[s.fileno()] = (s, kind)
    with open(ready, "w") as f:
        f.write("ready\n")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r, _, _ = select.select([v[0] for v in socks.values()], [], [], 0.5)
        for s in r:
            kind = socks[s.fileno()][1]
            try:
                if kind == "tcp":
                    c, _ = s.accept()
                    c.close()
                else:
                    data, peer = s.recvfrom(2048)
                    s.sendto(data, peer)
            except OSError:
                pass
    return 0


def probe(kind, host, port, timeout):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    typ = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
    s = socket.socket(fam, typ)
    s.settimeout(timeout)
    try:
        if kind == "tcp":
            s.connect((host, port))
        else:
            s.sendto(b"fwdrift-probe", (host, port))
            s.recvfrom(2048)
        return "open"
    except OSError:
        return "closed"
    finally:
        s.close()


def probe_many(timeout, lines):
    jobs = [l.split() for l in lines if l.strip()]
    results = [None] * len(jobs)

    def run(i, kind, host, port):
        results[i] = probe(kind, host, int(port), timeout)

    threads = [threading.Thread(target=run, args=(i, *j))
               for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 5)
    for j, r in zip(jobs, results):
        print(*j, r or "closed")
    return 0


def main(argv):
    if argv[1] == "listen":
        return listen(argv[2], float(argv[3]), argv[4:])
    if argv[1] == "probe-many":
        return probe_many(float(argv[2]), sys.stdin.readlines())
    if argv[1] == "probe":
        timeout = float(argv[5]) if len(argv) > 5 else 1.0
        print(probe(argv[2], argv[3], int(argv[4]), timeout))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
