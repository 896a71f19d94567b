#!/bin/bash
# run_bad.sh — bad `nft -j` inputs: each bad/NAME.json must make
# `fwdrift --input` exit 3 (UNKNOWN) with a message that names the file,
# line and column, and contains the text of bad/NAME.expect.
#
#   run_bad.sh FWDRIFT PLUGIN_DIR
set -uo pipefail
fwdrift=$1 plugins=$2
here=$(cd "$(dirname "$0")" && pwd)
pass=0 failed=0
for f in "$here"/bad/*.json; do
	name=$(basename "$f" .json)
	want=$(cat "$here/bad/$name.expect")
	out=$("$fwdrift" --plugin-dir "$plugins" --reader nftables --input "$f" --exposure 2>&1)
	rc=$?
	if [ "$rc" != 3 ]; then
		echo "FAIL $name: exit $rc, want 3: $out"; failed=$((failed + 1)); continue
	fi
	if ! grep -Eq "$f:[0-9]+:[0-9]+: " <<< "$out"; then
		echo "FAIL $name: no file:line:column in: $out"; failed=$((failed + 1)); continue
	fi
	if ! grep -Fq "$want" <<< "$out"; then
		echo "FAIL $name: want '$want' in: $out"; failed=$((failed + 1)); continue
	fi
	echo "ok $name: $out"
	pass=$((pass + 1))
done
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
