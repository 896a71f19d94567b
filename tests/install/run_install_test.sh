#!/usr/bin/env bash
# An installed copy finds its own plugins and baselines: install the build
# into a DESTDIR and run the copy there with no environment variable set.
# Then the rest of the installed layout: check_fwdrift, the man page, the
# examples (contrib/), and the systemd units and cron line they hold.
# Usage: run_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
unset FWDRIFT_BASELINE_PATH
fixture=$src/tests/cli/fixtures/ps-drift.v4

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
bin=$(find "$dest" -path '*/bin/fwdrift' -type f)
[ -x "$bin" ] || { echo "no installed fwdrift under $dest"; exit 1; }
bindir=$(dirname "$bin")
prefix=$(dirname "$bindir")
pass=0 fail=0
ok() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }
# Run a command, keeping its exit status in $rc (set -e stays on).
run() { set +e; "$@"; rc=$?; set -e; }

readers=$("$bin" --list-readers)
ok grep -q '^iptables ' <<<"$readers"
ok grep -q "plugin folder: $dest" <<<"$readers"
baselines=$("$bin" --list-baselines)
for b in threatmanager threatprevention privilegesecure endpointprotector utmstack; do
	ok grep -q "^$b " <<<"$baselines"
done
ok test "$(grep -c . <<<"$baselines")" -eq 5
run "$bin" --baseline privilegesecure --input "$fixture" --format nagios \
	>"$dest/out.txt"
ok test "$rc" -eq 2
ok grep -q '^FWDRIFT CRITICAL - privilegesecure' "$dest/out.txt"

# check_fwdrift: a link to fwdrift beside it, Nagios output by default.
check=$bindir/check_fwdrift
ok test -L "$check"
ok test "$(readlink -f "$check")" = "$(readlink -f "$bin")"
run "$check" --baseline privilegesecure --input "$fixture" >"$dest/check.txt"
ok test "$rc" -eq 2
ok grep -qE '^FWDRIFT CRITICAL - privilegesecure: .*\| missing=[0-9]+;;;0 ' \
	"$dest/check.txt"
run "$check" --baseline privilegesecure --input "$fixture" -w missing=50 \
	-c missing=60 >"$dest/check.txt"
ok test "$rc" -eq 0
ok grep -qE '^FWDRIFT OK - .*\| missing=[0-9]+;50;60;0 ' "$dest/check.txt"
run "$check" --baseline no-such-baseline --input "$fixture" \
	>"$dest/check.txt" 2>/dev/null
ok test "$rc" -eq 3
ok grep -q '^FWDRIFT UNKNOWN - ' "$dest/check.txt"

# The man page: installed, filled in, renders without warnings, and names
# every option that --help names.
man1=$prefix/share/man/man1
page=$man1/fwdrift.1
ok test -f "$page"
ok test "$(readlink -f "$man1/check_fwdrift.1")" = "$(readlink -f "$page")"
ok test -z "$(grep -n '@[A-Z_]*@' "$page")"
plugins=$(realpath -m "$(sed -n 's/^plugin folder: //p' <<<"$readers")")
ok grep -qF "${plugins#"$dest"}/" "$page"
groff_out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
ok test -z "$groff_out"
[ -z "$groff_out" ] || echo "$groff_out"
if command -v mandoc >/dev/null; then
	lint=$(mandoc -T lint "$page" 2>&1 || echo "mandoc exit status $?")
	ok test -z "$lint"
	[ -z "$lint" ] || echo "$lint"
else
	echo "note: mandoc not installed, man page not linted"
fi
rendered=$(MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$page" 2>&1 | col -b)
for section in NAME SYNOPSIS DESCRIPTION OPTIONS COMPARE MONITORING \
	'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
	ok grep -qx "$section" <<<"$rendered"
done
for word in FWDRIFT_BASELINE_PATH check_fwdrift 'fwdrift compare' \
	/etc/fwdrift/baselines text json nagios html; do
	ok grep -qF -- "$word" <<<"$rendered"
done
# Every option of --help has its own entry under OPTIONS, with the same
# short form.
entries=$(sed -n '/^OPTIONS$/,/^[A-Z]/p' <<<"$rendered" |
	grep -E '^ {7}-' | sed -E 's/^ +//; s/ [A-Z|=.,[]+.*$//')
options=$("$bin" --help | grep -oE '^  (-[a-zA-Z], )?--[a-z-]+')
ok test "$(grep -c . <<<"$options")" -ge 20
while read -r opt; do
	ok grep -qxF -- "$opt" <<<"$entries"
done <<<"$(sed 's/^  //' <<<"$options")"

# The examples, with the installed paths filled in.
examples=$prefix/share/doc/fwdrift/examples
for f in README.md icinga2/fwdrift.conf icinga2/fwdrift-services.conf \
	nagios/fwdrift.cfg nagios/fwdrift-services.cfg sudoers/fwdrift \
	systemd/fwdrift-audit.service systemd/fwdrift-audit.timer cron/fwdrift; do
	ok test -s "$examples/$f"
done
ok test -z "$(grep -rn '@[A-Z_]*@' "$examples")"
installed_bindir=${bindir#"$dest"}
for f in icinga2/fwdrift.conf nagios/fwdrift.cfg sudoers/fwdrift \
	systemd/fwdrift-audit.service cron/fwdrift; do
	ok grep -qE "$installed_bindir/(check_)?fwdrift[ \"]" "$examples/$f"
done

# The units verify, with the installed man page as their documentation.
units=$examples/systemd
if command -v systemd-analyze >/dev/null; then
	run env MANPATH="$prefix/share/man" systemd-analyze verify \
		"$units/fwdrift-audit.service" "$units/fwdrift-audit.timer" \
		>"$dest/verify.txt" 2>&1
	ok test "$rc" -eq 0
	# Unknown keys and bad values are only warnings: any output fails.
	ok test ! -s "$dest/verify.txt"
	cat "$dest/verify.txt"
else
	echo "note: systemd-analyze not installed, units not verified"
fi

# The service's command, as systemd would run it (%% and $$ unescaped),
# writes a dated report whole, and its findings count as success.
reports=$dest/reports
mkdir "$reports"
exec_start=$(sed -n 's/^ExecStart=//p' "$units/fwdrift-audit.service")
ok test -n "$exec_start"
ok test -z "$(sed 's/%%//g' <<<"$exec_start" | grep '%')"
cmdline=$(sed -e 's/%%/%/g' -e 's/\$\$/$/g' \
	-e "s|$installed_bindir/fwdrift|$bin|" <<<"$exec_start")
cmdline=${cmdline#/bin/sh -c \'}
cmdline=${cmdline%\'}
run env STATE_DIRECTORY="$reports" \
	FWDRIFT_OPTIONS="--baseline privilegesecure --input $fixture" \
	/bin/sh -c "$cmdline"
ok test "$rc" -eq 2
ok grep -qE "^SuccessExitStatus=1 2$" "$units/fwdrift-audit.service"
report=$(find "$reports" -type f)
ok grep -qE "/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\.json$" <<<"$report"
ok python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "fwdrift-report/1" and r["summary"]["status"] == "CRITICAL"
' "$report"

# The cron line, as cron would run it (\% unescaped), into a private
# folder: a report and status 0 for findings, no report and a failure
# when the baseline cannot be read.
cron_cmd=$(grep -E '^[0-9*]' "$examples/cron/fwdrift" |
	sed -E 's/^([^ ]+ +){5}root +//')
ok test -n "$cron_cmd"
cron_cmd=$(sed -e 's/\\%/%/g' -e "s|$installed_bindir/fwdrift|$bin|" \
	-e "s|/var/lib/fwdrift/reports|$dest/cron-reports|g" <<<"$cron_cmd")
run /bin/sh -c "${cron_cmd/--baseline privilegesecure/--input $fixture --baseline privilegesecure}"
ok test "$rc" -eq 0
ok test "$(find "$dest/cron-reports" -name '*Z.json' | wc -l)" -eq 1
rm -rf "$dest/cron-reports"
run /bin/sh -c "${cron_cmd/--baseline privilegesecure/--baseline no-such-baseline}" \
	2>/dev/null
ok test "$rc" -ne 0
ok test "$(find "$dest/cron-reports" -type f | wc -l)" -eq 0

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
