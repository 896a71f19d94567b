#!/bin/bash
# no_privilege.sh — NEEDS ROOT (to drop it). Live reading as an
# unprivileged user, inside a throw-away network namespace: exit 3 with a
# message naming CAP_NET_ADMIN and --input.
#
#   no_privilege.sh FWDRIFT PLUGIN_DIR
set -uo pipefail
fwdrift=$1 plugins=$2
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (to drop privilege in a namespace)"
command -v setpriv > /dev/null || fail "setpriv not found"
out=$(unshare -n setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$fwdrift" --plugin-dir "$plugins" --reader nftables \
	--exposure 2>&1)
rc=$?
[ "$rc" = 3 ] || fail "exit $rc, want 3: $out"
grep -q CAP_NET_ADMIN <<< "$out" || fail "no CAP_NET_ADMIN in: $out"
grep -q -- "--input" <<< "$out" || fail "no --input in: $out"
echo "ok: $out"
echo "1 passed, 0 failed"
