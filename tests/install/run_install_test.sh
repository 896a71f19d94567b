#!/usr/bin/env bash
# An installed copy finds its own plugins and baselines: install the build
# into a DESTDIR and run the copy there with no environment variable set.
# Usage: run_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
unset FWDRIFT_BASELINE_PATH

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
bin=$(find "$dest" -path '*/bin/fwdrift' -type f)
[ -x "$bin" ] || { echo "no installed fwdrift under $dest"; exit 1; }
pass=0 fail=0
ok() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }

readers=$("$bin" --list-readers)
ok grep -q '^iptables ' <<<"$readers"
ok grep -q "plugin folder: $dest" <<<"$readers"
baselines=$("$bin" --list-baselines)
for b in threatmanager threatprevention privilegesecure endpointprotector utmstack; do
	ok grep -q "^$b " <<<"$baselines"
done
ok test "$(grep -c . <<<"$baselines")" -eq 5
set +e
"$bin" --baseline privilegesecure --input "$src/tests/cli/fixtures/ps-drift.v4" \
	--format nagios >"$dest/out.txt"
rc=$?
set -e
ok test "$rc" -eq 2
ok grep -q '^FWDRIFT CRITICAL - privilegesecure' "$dest/out.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
