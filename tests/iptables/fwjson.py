#!/usr/bin/env python3
"""fwjson.py — reduce fwdrift JSON output to stable text for comparisons.

  fwjson.py exposure FILE     one line per exposure entry:
                              "view family direction protocol open=.. restricted=.."
  fwjson.py report FILE       a baseline report without origins ("where"),
                              sources and notes, as sorted JSON
  fwjson.py modelsort FILE    an ipt-reader-test dump with its chains in a
                              stable order (live and file list tables in
                              different orders)
  fwjson.py label FILE FAMILY DIRECTION PROTOCOL PORT
                              open / restricted / closed for one port

Used by the iptables golden tests and the namespace tests."""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def in_ranges(spec, port):
    for part in filter(None, spec.split(",")):
        lo, _, hi = part.partition("-")
        if int(lo) <= port <= int(hi or lo):
            return True
    return False


def strip(obj):
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items()
                if k not in ("where", "sources", "notes")}
    if isinstance(obj, list):
        return [strip(v) for v in obj]
    return obj


def main(argv):
    mode, path = argv[1], argv[2]
    if mode == "modelsort":
        head, blocks, cur = [], {}, None
        with open(path) as f:
            for line in f:
                if line.startswith("  chain "):
                    cur = blocks.setdefault(line, [])
                elif cur is None:
                    head.append(line)
                else:
                    cur.append(line)
        sys.stdout.write("".join(head))
        for k in sorted(blocks):
            sys.stdout.write(k + "".join(blocks[k]))
        return 0
    data = load(path)
    if mode == "exposure":
        for e in data:
            print(e["view"], e["family"], e["direction"], e["protocol"],
                  "open=" + e["open"], "restricted=" + e["restricted"])
    elif mode == "report":
        print(json.dumps(strip(data), indent=1, sort_keys=True))
    elif mode == "label":
        fam, direction, proto, port = argv[3], argv[4], argv[5], int(argv[6])
        for e in data:
            if (e["family"], e["direction"], e["protocol"]) == \
                    (fam, direction, proto):
                if in_ranges(e["open"], port):
                    print("open")
                elif in_ranges(e["restricted"], port):
                    print("restricted")
                else:
                    print("closed")
                return 0
        print("missing")
        return 1
    else:
        print("unknown mode " + mode, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
