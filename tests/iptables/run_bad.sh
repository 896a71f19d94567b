#!/bin/bash
# run_bad.sh — every line in bad/cases.txt names a broken export and the
# message it must produce (with file:line:column and the offending word).
# Both the module driven directly and the fwdrift command must refuse it
# with exit 3, and a failed read must leave no half-built model.
#
#   run_bad.sh IPT_READER_TEST MODULE FWDRIFT    (workdir tests/iptables)
set -uo pipefail
tester=$1 module=$2 fwdrift=$3
pass=0 fail=0
seen=" "
while IFS='|' read -r file want; do
	case "$file" in ''|'#'*) continue ;; esac
	seen="$seen$file "
	err=$("$tester" "$module" dump "bad/$file" 2>&1 >/dev/null); rc=$?
	if [ $rc = 3 ] && [[ "$err" == *"bad/$file:$want"* ]]; then
		pass=$((pass + 1))
	else
		echo "FAIL $file (reader, rc=$rc): got: $err"
		echo "     want: bad/$file:$want"
		fail=$((fail + 1))
	fi
	err=$("$fwdrift" --reader iptables --input "bad/$file" --exposure 2>&1 >/dev/null); rc=$?
	if [ $rc = 3 ] && [[ "$err" == *"bad/$file:$want"* ]]; then
		pass=$((pass + 1))
	else
		echo "FAIL $file (fwdrift, rc=$rc): got: $err"
		fail=$((fail + 1))
	fi
done < bad/cases.txt
# Every file in bad/ has a line in the table.
for f in bad/*; do
	b=${f#bad/}
	[ "$b" = cases.txt ] && continue
	if [[ "$seen" != *" $b "* ]]; then
		echo "FAIL $b has no line in bad/cases.txt"; fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
