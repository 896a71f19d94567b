#!/usr/bin/env python3
"""Generate a `netsh advfirewall firewall show rule name=all verbose`
export with RULES rules (UTF-8, CRLF, as Windows writes it), for the
benchmark. Usage: gen_netsh.py RULES [SEED]"""
import random
import sys

n = int(sys.argv[1])
rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
out = []
w = out.append
w("")
for i in range(n):
    proto = rnd.choice(["TCP", "TCP", "UDP"])
    port = rnd.randint(1, 65535)
    direction = rnd.choice(["In", "In", "Out"])
    remote = rnd.choice(["Any", "Any", "LocalSubnet", f"10.{i % 256}.0.0/255.255.0.0"])
    w(f"Rule Name:                            Bench rule {i} ({proto}-{direction})")
    w("-" * 70)
    w(f"Description:                          generated rule {i}")
    w(f"Enabled:                              {rnd.choice(['Yes', 'Yes', 'Yes', 'No'])}")
    w(f"Direction:                            {direction}")
    w(f"Profiles:                             {rnd.choice(['Domain', 'Domain,Private', 'Domain,Private,Public', 'Public'])}")
    w("Grouping:                             Bench")
    w("LocalIP:                              Any")
    w(f"RemoteIP:                             {remote}")
    w(f"Protocol:                             {proto}")
    w(f"LocalPort:                            {port if direction == 'In' else 'Any'}")
    w(f"RemotePort:                           {port if direction == 'Out' else 'Any'}")
    w("Edge traversal:                       No")
    w("Program:                              Any")
    w("Service:                              Any")
    w("InterfaceTypes:                       Any")
    w("Security:                             NotRequired")
    w("Rule source:                          Local Setting")
    w(f"Action:                               {rnd.choice(['Allow', 'Allow', 'Allow', 'Block'])}")
    w("")
w("Ok.")
w("")
sys.stdout.buffer.write("\r\n".join(out).encode())
