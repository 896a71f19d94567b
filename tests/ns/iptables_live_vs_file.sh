#!/bin/bash
# iptables_live_vs_file.sh — NEEDS ROOT. For each ruleset of
# tests/iptables/rules (basic, ufw-, docker- and kube-proxy-like), inside a
# throw-away network namespace (unshare -n; the host's firewall is never
# touched):
#   - load it with iptables-legacy-restore / ip6tables-legacy-restore;
#   - audit it live (fwdrift --reader iptables) and offline from the
#     iptables-legacy-save output of the same namespace: the exposure, the
#     baseline audit (privilegesecure: statuses, ports, rule texts) and the
#     normalized model must be the same;
#   - the firewall must be byte-for-byte the same before and after reading
#     (iptables-legacy-save -c without its date comments), and reading an
#     empty namespace must not create (autoload) any table.
#
#   iptables_live_vs_file.sh FWDRIFT IPT_READER_TEST MODULE TESTS_DIR
set -uo pipefail
fwdrift=$1 tester=$2 module=$3 tests=$4

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, iptables-legacy)"
for t in unshare iptables-legacy-restore ip6tables-legacy-restore python3; do
	command -v "$t" > /dev/null || fail "$t not found"
done
unshare -n true || fail "unshare -n does not work here"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export fwdrift tester module tests tmp

# One ruleset, run inside its own namespace. Prints "ok NAME" lines for
# passed checks and "FAIL ..." for failed ones.
one() {
	set -uo pipefail
	name=$1 r4=$2 r6=$3
	d=$tmp/$name; mkdir -p "$d"
	fwjson="python3 $tests/iptables/fwjson.py"
	snapshot() {
		iptables-legacy-save -c | grep -v '^#'
		ip6tables-legacy-save -c | grep -v '^#'
		cat /proc/net/ip_tables_names /proc/net/ip6_tables_names
	}
	check() { # what file-a file-b
		if diff -u "$2" "$3" > "$d/diff"; then echo "ok $name $1"
		else echo "FAIL $name $1"; head -40 "$d/diff"; fi
	}
	iptables-legacy-restore < "$r4" || { echo "FAIL $name restore v4"; return; }
	ip6tables-legacy-restore < "$r6" || { echo "FAIL $name restore v6"; return; }
	snapshot > "$d/before"
	iptables-legacy-save > "$d/saved.v4"
	ip6tables-legacy-save > "$d/saved.v6"

	"$fwdrift" --reader iptables --exposure --format json > "$d/live.json" 2> "$d/live.err" ||
		{ echo "FAIL $name live exposure: $(cat "$d/live.err")"; return; }
	"$fwdrift" --reader iptables --input "$d/saved.v4" --input "$d/saved.v6" \
		--exposure --format json > "$d/file.json" 2> "$d/file.err" ||
		{ echo "FAIL $name file exposure: $(cat "$d/file.err")"; return; }
	$fwjson exposure "$d/live.json" > "$d/live.expo"
	$fwjson exposure "$d/file.json" > "$d/file.expo"
	[ -s "$d/live.expo" ] && check "exposure live = file" "$d/live.expo" "$d/file.expo" ||
		echo "FAIL $name empty exposure"

	"$fwdrift" --reader iptables --baseline privilegesecure --format json \
		> "$d/live-b.json" 2> "$d/live-b.err"
	lrc=$?
	"$fwdrift" --reader iptables --baseline privilegesecure --format json \
		--input "$d/saved.v4" --input "$d/saved.v6" > "$d/file-b.json" 2> "$d/file-b.err"
	frc=$?
	if [ $lrc -le 2 ] && [ $lrc = $frc ]; then echo "ok $name baseline exit $lrc"
	else echo "FAIL $name baseline exit live=$lrc file=$frc: $(cat "$d/live-b.err" "$d/file-b.err")"; fi
	$fwjson report "$d/live-b.json" > "$d/live-b.txt" 2>&1
	$fwjson report "$d/file-b.json" > "$d/file-b.txt" 2>&1
	check "baseline audit live = file" "$d/live-b.txt" "$d/file-b.txt"

	"$tester" "$module" --no-where live > "$d/live.model" 2>&1
	"$tester" "$module" --no-where dump "$d/saved.v4" "$d/saved.v6" > "$d/file.model" 2>&1
	$fwjson modelsort "$d/live.model" > "$d/live.sorted"
	$fwjson modelsort "$d/file.model" > "$d/file.sorted"
	check "model live = file" "$d/live.sorted" "$d/file.sorted"

	if "$tester" "$module" --deadline-passed live > /dev/null 2> "$d/dl.err"; then
		echo "FAIL $name live read ignored a past deadline"
	else
		grep -q 'time limit' "$d/dl.err" && echo "ok $name live deadline" ||
			echo "FAIL $name live deadline: $(cat "$d/dl.err")"
	fi

	snapshot > "$d/after"
	check "firewall unchanged by reading" "$d/before" "$d/after"
}
export -f one

# Reading an empty namespace creates no table.
out=$(unshare -n bash -c '
	before=$(cat /proc/net/ip_tables_names /proc/net/ip6_tables_names)
	"$fwdrift" --reader iptables --exposure --format json > /dev/null || echo "FAIL empty: exit $?"
	"$tester" "$module" live > /dev/null || echo "FAIL empty: tester exit $?"
	after=$(cat /proc/net/ip_tables_names /proc/net/ip6_tables_names)
	[ "$before" = "$after" ] && [ -z "$after" ] && echo "ok empty namespace: no table created" ||
		echo "FAIL empty namespace: tables [$before] became [$after]"')

empty6=$tmp/empty.rules6
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' > "$empty6"
rules=$tests/iptables/rules
for name in basic ufw docker kube; do
	r6=$rules/$name.rules6; [ -e "$r6" ] || r6=$empty6
	out+=$'\n'$(unshare -n bash -c "one $name $rules/$name.rules4 $r6" 2>&1)
done
out+=$'\n'$(unshare -n bash -c "one kernel $tests/ns/kernel.rules4 $tests/ns/kernel.rules6" 2>&1)

echo "$out" | grep -v '^ok '
pass=$(echo "$out" | grep -c '^ok ')
failed=$(echo "$out" | grep -c '^FAIL')
echo "$pass passed, $failed failed"
[ "$failed" = 0 ] && [ "$pass" -gt 0 ]
