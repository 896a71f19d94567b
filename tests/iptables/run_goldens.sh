#!/bin/bash
# run_goldens.sh — golden tests of the iptables reader on real
# iptables-save fixtures (cases/, made by gen_fixtures.sh):
#   cases/F.expect    the model the reader builds (ipt-reader-test dump)
#   cases/F.exposure  what fwdrift --exposure says about it
# FWDRIFT_REGEN=1 rewrites the goldens instead of comparing; review the
# diff before committing. Run from tests/iptables (meson sets workdir).
#
#   run_goldens.sh IPT_READER_TEST MODULE FWDRIFT
set -uo pipefail
tester=$1 module=$2 fwdrift=$3
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name golden produced
	if [ "${FWDRIFT_REGEN:-}" = 1 ]; then
		cp "$3" "$2"
		pass=$((pass + 1))
	elif diff -u "$2" "$3" > "$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL $1"
		cat "$tmp/diff"
		fail=$((fail + 1))
	fi
}

for f in cases/*; do
	case "$f" in *.expect|*.exposure) continue ;; esac
	if ! "$tester" "$module" dump "$f" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $f: read failed"; cat "$tmp/err"; fail=$((fail + 1))
		continue
	fi
	check "$f model" "$f.expect" "$tmp/out"
	if ! "$fwdrift" --reader iptables --input "$f" --exposure --format json \
		> "$tmp/json" 2> "$tmp/err"; then
		echo "FAIL $f: fwdrift --exposure failed"; cat "$tmp/err"
		fail=$((fail + 1)); continue
	fi
	python3 fwjson.py exposure "$tmp/json" > "$tmp/expo"
	check "$f exposure" "$f.exposure" "$tmp/expo"
done

# Several files into one ruleset, and the same rules in one file, agree.
"$tester" "$module" --no-where dump cases/basic.v4 cases/basic.v6 > "$tmp/two" 2>&1
"$tester" "$module" --no-where dump cases/basic-both.save > "$tmp/one" 2>&1
check "two files = one concatenated file" "$tmp/two" "$tmp/one"
# Counters change nothing but the origin.
"$tester" "$module" --no-where dump cases/basic.v4 > "$tmp/plain" 2>&1
"$tester" "$module" --no-where dump cases/basic-counters.v4 > "$tmp/counted" 2>&1
check "counters are ignored" "$tmp/plain" "$tmp/counted"
# A time limit already past stops a long read with FWD_ETIMEDOUT (exit 3).
{ echo '*filter'; echo ':INPUT DROP [0:0]'
  for i in $(seq 5000); do echo "-A INPUT -p tcp -m tcp --dport $i -j ACCEPT"; done
  echo COMMIT; } > "$tmp/long.v4"
if "$tester" "$module" --deadline-passed dump "$tmp/long.v4" > /dev/null 2> "$tmp/err"; then
	echo "FAIL deadline: read went on"; fail=$((fail + 1))
elif grep -q 'time limit' "$tmp/err"; then pass=$((pass + 1))
else echo "FAIL deadline: $(cat "$tmp/err")"; fail=$((fail + 1)); fi
"$tester" "$module" dump "$tmp/long.v4" > /dev/null && pass=$((pass + 1)) ||
	{ echo "FAIL 5000-rule file"; fail=$((fail + 1)); }
# Probe: exports score high, other text scores 0.
for f in cases/basic.v4 cases/ufw-noheader.save; do
	s=$("$tester" "$module" probe "$f")
	[ "$s" -ge 90 ] && pass=$((pass + 1)) || { echo "FAIL probe $f: $s"; fail=$((fail + 1)); }
done
s=$("$tester" "$module" probe fwjson.py)
[ "$s" = 0 ] && pass=$((pass + 1)) || { echo "FAIL probe of a non-export: $s"; fail=$((fail + 1)); }

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
