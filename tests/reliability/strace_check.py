#!/usr/bin/env python3
"""Check an strace log (strace -f -X raw -xx -e trace=sendto,sendmsg,
setsockopt,getsockopt) of fwdrift: every netlink message it sent must be
a read (an nf_tables GET request, dump or single, or an rtnetlink GET),
never NFT_MSG_NEW*/DEL*, a batch begin/end or a *_RESET; and it must
never call setsockopt at SOL_IP/SOL_IPV6 (IPT_SO_SET_REPLACE = 64,
IPT_SO_SET_ADD_COUNTERS = 65, and the arptables/ebtables ones).

Messages are decoded from strace's structured output (-X raw: numeric
nlmsg_type/nlmsg_flags) or, when strace could not decode the socket,
from the hex bytes of the buffer (-xx), walking the nlmsghdr chain.

Usage: strace_check.py LOG[:NETLINK[:IPTC]]...
NETLINK and IPTC: at least that many netlink requests and iptables
get-sockopt reads must be seen in LOG (so that a silent log is not taken
for a clean one). Prints a line per log; exit 1 on any write request or
unexpected call."""
import re
import struct
import sys

NFNL_SUBSYS_NFTABLES, NFNL_SUBSYS_NFT_COMPAT = 10, 11
NFT_NAMES = {0: "NEWTABLE", 1: "GETTABLE", 2: "DELTABLE", 3: "NEWCHAIN",
             4: "GETCHAIN", 5: "DELCHAIN", 6: "NEWRULE", 7: "GETRULE",
             8: "DELRULE", 9: "NEWSET", 10: "GETSET", 11: "DELSET",
             12: "NEWSETELEM", 13: "GETSETELEM", 14: "DELSETELEM",
             15: "NEWGEN", 16: "GETGEN", 17: "TRACE", 18: "NEWOBJ",
             19: "GETOBJ", 20: "DELOBJ", 21: "GETOBJ_RESET",
             22: "NEWFLOWTABLE", 23: "GETFLOWTABLE", 24: "DELFLOWTABLE",
             25: "GETRULE_RESET", 26: "DESTROYTABLE"}
# Reads only; the *_RESET requests zero counters and quotas: writes.
NFT_READS = {1, 4, 7, 10, 13, 16, 19, 23}
NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
# setsockopt names that change netfilter state (SOL_IP, SOL_IPV6)
SET_OPTS = {64: "IPT_SO_SET_REPLACE", 65: "IPT_SO_SET_ADD_COUNTERS",
            96: "ARPT_SO_SET_REPLACE", 97: "ARPT_SO_SET_ADD_COUNTERS",
            128: "EBT_SO_SET_ENTRIES", 129: "EBT_SO_SET_COUNTERS"}
SOL_IP, SOL_IPV6 = 0, 41


def num(s):
    """strace -X raw numbers: 0x1a, 10, 0xa<<8|0x1, NLM_F_A|NLM_F_B."""
    total = 0
    for part in s.split("|"):
        part = part.strip()
        m = re.fullmatch(r"(0x[0-9a-f]+|\d+)<<(\d+)", part)
        if m:
            total |= int(m.group(1), 0) << int(m.group(2))
        else:
            total |= int(part, 0)
    return total


def describe(mtype):
    if mtype >= 0x100:
        sub, msg = mtype >> 8, mtype & 0xff
        if sub == NFNL_SUBSYS_NFTABLES:
            return "NFT_MSG_" + NFT_NAMES.get(msg, str(msg))
        return f"nfnetlink subsys {sub} msg {msg}"
    return {0x10: "NFNL_MSG_BATCH_BEGIN/RTM_NEWLINK",
            0x11: "NFNL_MSG_BATCH_END/RTM_DELLINK"}.get(mtype,
                                                        f"type {mtype:#x}")


def allowed(mtype):
    if mtype >= 0x100:
        sub, msg = mtype >> 8, mtype & 0xff
        if sub == NFNL_SUBSYS_NFTABLES:
            return msg in NFT_READS
        return sub == NFNL_SUBSYS_NFT_COMPAT and msg == 1  # COMPAT_GET
    # rtnetlink: RTM_GET* is 18, 22, 26, ... (base 16, GET = +2)
    return mtype >= 16 and (mtype - 16) % 4 == 2


def from_hex(line):
    """nlmsghdrs in the first quoted -xx buffer of a line."""
    m = re.search(r'"((?:\\x[0-9a-f]{2})+)"', line)
    if not m:
        return None
    buf = bytes(int(h, 16) for h in re.findall(r"\\x([0-9a-f]{2})",
                                               m.group(1)))
    out, off = [], 0
    while off + 16 <= len(buf):
        length, mtype, flags = struct.unpack_from("=IHH", buf, off)
        out.append((mtype, flags))
        if length < 16:
            break
        off += (length + 3) & ~3
    return out


def check_log(path, expect_netlink, expect_iptc):
    bad, dumps, gets, iptc = [], 0, 0, 0
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"\d+\s+(sendto|sendmsg|setsockopt|getsockopt)\((.*)",
                     line)
        if not m:
            continue
        call, rest = m.groups()
        if call in ("setsockopt", "getsockopt"):
            args = [x.strip() for x in rest.split(",")]
            level, opt = num(args[1]), num(args[2])
            if level in (SOL_IP, SOL_IPV6):
                if call == "getsockopt":
                    iptc += 1
                else:
                    bad.append(f"setsockopt level {level} "
                               f"{SET_OPTS.get(opt, opt)}: {line.strip()}")
            continue
        msgs = [(num(t), num(f)) for t, f in re.findall(
            r"nlmsg_type=([^,]+), nlmsg_flags=([^,]+),", rest)]
        if not msgs:
            msgs = from_hex(rest)
        if not msgs:
            bad.append(f"{call} that is not a netlink request: "
                       f"{line.strip()}")
            continue
        for mtype, flags in msgs:
            if not allowed(mtype) or not flags & NLM_F_REQUEST:
                bad.append(f"{call} {describe(mtype)} flags {flags:#x}: "
                           f"{line.strip()[:200]}")
            elif flags & NLM_F_DUMP == NLM_F_DUMP:
                dumps += 1
            else:
                gets += 1
    print(f"{path}: {dumps} netlink dump requests, {gets} get requests, "
          f"{iptc} iptables get-sockopts, {len(bad)} writes")
    for b in bad:
        print("  WRITE " + b)
    if dumps + gets < expect_netlink:
        print(f"  expected at least {expect_netlink} netlink requests")
    if iptc < expect_iptc:
        print(f"  expected at least {expect_iptc} iptables get-sockopts")
    return not bad and dumps + gets >= expect_netlink and \
        iptc >= expect_iptc


ok = True
for spec in sys.argv[1:]:
    path, *want = spec.split(":")
    want = [int(w) for w in want] + [0, 0]
    ok = check_log(path, want[0], want[1]) and ok
sys.exit(0 if ok else 1)
