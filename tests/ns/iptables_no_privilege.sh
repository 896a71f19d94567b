#!/bin/bash
# iptables_no_privilege.sh — NEEDS ROOT (to drop it). In a throw-away
# network namespace with rules loaded, fwdrift run without any capability
# (setpriv: empty bounding set) must refuse live reading with exit 3 and
# say that it needs CAP_NET_ADMIN and that --input works without it; the
# same export read with --input must succeed without privilege.
#
#   iptables_no_privilege.sh FWDRIFT TESTS_DIR
set -uo pipefail
fwdrift=$1 tests=$2

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, iptables-legacy)"
for t in unshare setpriv iptables-legacy-restore; do
	command -v "$t" > /dev/null || fail "$t not found"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
export fwdrift tests tmp
out=$(unshare -n bash -c '
	iptables-legacy-restore "$tests/ns/kernel.rules4" || echo "FAIL restore"
	iptables-legacy-save > "$tmp/saved.v4"
	nocap="setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all --"
	$nocap "$fwdrift" --reader iptables --exposure > /dev/null 2> "$tmp/err"
	rc=$?
	[ $rc = 3 ] && echo "ok live without privilege: exit 3" ||
		echo "FAIL live without privilege: exit $rc"
	grep -q "needs CAP_NET_ADMIN (and CAP_NET_RAW" "$tmp/err" &&
		echo "ok message names CAP_NET_ADMIN" ||
		echo "FAIL message: $(cat "$tmp/err")"
	grep -q -- "--input FILE" "$tmp/err" && echo "ok message names --input" ||
		echo "FAIL message lacks --input: $(cat "$tmp/err")"
	$nocap "$fwdrift" --reader iptables --input "$tmp/saved.v4" --exposure \
		> /dev/null 2> "$tmp/err2"
	rc=$?
	[ $rc -le 2 ] && echo "ok --input without privilege: exit $rc" ||
		echo "FAIL --input without privilege: exit $rc $(cat "$tmp/err2")"
' 2>&1)
echo "$out" | grep -v '^ok '
pass=$(echo "$out" | grep -c '^ok ')
failed=$(echo "$out" | grep -c '^FAIL')
echo "$pass passed, $failed failed"
[ "$failed" = 0 ] && [ "$pass" = 4 ]
