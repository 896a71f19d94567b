#!/bin/bash
# valgrind_fixtures.sh — the fwdrift command under valgrind
# (--leak-check=full --error-exitcode=99) over every fixture of the test
# suites: iptables-save exports (good and bad), netsh and reg exports with
# the audits their suite runs, nft -j exports (the nftables corpus as
# exported into fuzz/corpus/nft-json, and the bad ones), every shipped
# baseline (shown, and audited with every role and feature) and the bad
# baselines and inputs of tests/reliability/bad. Each run must report no
# memory error and no leak, and end with a status of 0 to 3.
#
#   valgrind_fixtures.sh FWDRIFT SOURCE_ROOT
set -uo pipefail
fwdrift=$1 top=$2
t=$top/tests
command -v valgrind > /dev/null || { echo "FAIL: valgrind not found"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One command line per line of $tmp/cmds, arguments separated by tabs.
add() { local IFS=$'\t'; echo "$*" >> "$tmp/cmds"; }

for f in "$t"/iptables/cases/* "$t"/iptables/rules/* "$t"/iptables/bad/* \
	 "$t"/cli/fixtures/*; do
	case $f in *.expect|*.exposure|*.txt|*.json) continue ;; esac
	add --exposure --input "$f" --format json
done
add --baseline privilegesecure --role all --feature all --input "$t/cli/fixtures/ps-drift.v4"
add --baseline privilegesecure --input "$t/cli/fixtures/ps-drift.v4" --format nagios -v

for d in "$t"/netsh/fixtures/*/; do
	[ -f "$d/inputs" ] || continue
	in=()
	while read -r f; do [ -n "$f" ] && in+=(--input "$d$f"); done < "$d/inputs"
	add --exposure "${in[@]}" -v
	add --dump-model "${in[@]}"
	if [ -f "$d/reports" ]; then
		while IFS= read -r line; do
			# shellcheck disable=SC2086
			[ -n "$line" ] && add ${line#*: } "${in[@]}" --format json
		done < "$d/reports"
	fi
done
for f in "$t"/netsh/fixtures/bad/*; do
	case $f in *.err) continue ;; esac
	add --exposure --input "$f"
done

for f in "$top"/fuzz/corpus/nft-json/* "$t"/nftables/bad/*.json; do
	add --exposure --reader nftables --input "$f" -v
done

for f in "$top"/baselines/*.json; do
	[ "$(basename "$f")" = schema.json ] && continue
	add --show-baseline "$f" --role all --feature all --format json
	add --baseline "$f" --role all --feature all --input "$t/cli/fixtures/ps-drift.v4" -v
done
for f in "$t"/reliability/bad/*; do
	case $f in
	*/bl-*) add --baseline "$f" --input "$t/reliability/bad/ok.v4" ;;
	*) add --exposure --input "$f" ;;
	esac
done

n=0 pass=0 failed=0
run_one() { # N ARGS...
	local n=$1
	shift
	valgrind -q --leak-check=full --error-exitcode=99 \
		--log-file="$tmp/$n.vg" "$fwdrift" "$@" > /dev/null 2> "$tmp/$n.err"
	echo $? > "$tmp/$n.rc"
}
while IFS=$'\t' read -r -a args; do
	n=$((n + 1))
	printf '%s\n' "${args[*]}" > "$tmp/$n.args"
	run_one "$n" "${args[@]}" &
	# two at a time: CI machines and developers' laptops share cores
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
done < "$tmp/cmds"
wait
for i in $(seq 1 "$n"); do
	rc=$(cat "$tmp/$i.rc")
	if [ "$rc" -le 3 ] && ! [ -s "$tmp/$i.vg" ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		echo "FAIL (exit $rc): fwdrift $(cat "$tmp/$i.args")"
		head -40 "$tmp/$i.vg"
	fi
done
echo "$pass passed, $failed failed (valgrind, $n runs)"
[ "$failed" = 0 ] && [ "$pass" -gt 150 ]
