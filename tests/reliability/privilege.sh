#!/bin/bash
# privilege.sh — NEEDS ROOT (fails, never skips, without it). Privilege
# hygiene (issue 7, src/safety.c): running as root, fwdrift loads no
# reader module and no baseline from a place that a group or other users
# can write, or that root does not own — the file, its folder, or any
# folder above (a sticky folder such as /tmp is fine: nobody can replace
# what root owns there) — and says which path; offline audits need no
# privilege at all (run as nobody with no capabilities).
#
# Every refusal has a control beside it that differs only in the unsafe
# bit and must load, so that a refusal for another reason cannot pass.
# Everything happens in a scratch folder under /tmp, removed by a trap.
#
#   privilege.sh FWDRIFT SOURCE_ROOT
set -uo pipefail
fwdrift=$1 top=$2
ok_v4=$top/tests/reliability/bad/ok.v4
pass=0 failed=0

fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (the checks apply to root only)"
command -v setpriv > /dev/null || fail "setpriv not found"
plugins=$("$fwdrift" --list-readers | sed -n 's/^plugin folder: //p')
[ -d "$plugins" ] || fail "no plugin folder from --list-readers: '$plugins'"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"

result() { # NAME OK DETAIL
	if [ "$2" = 1 ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $1: $3"
	fi
}
run() { # fwdrift ARGS... -> $rc $out $err
	out=$(env -u FWDRIFT_BASELINE_PATH "$fwdrift" "$@" 2> "$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}
refused() { # NAME PATH ARGS...: exit 3 and a message naming PATH
	local name=$1 path=$2
	shift 2
	run "$@"
	result "$name: exit 3" "$([ $rc = 3 ] && echo 1)" "exit $rc: $err"
	result "$name: names $path" "$(grep -qF "fwdrift: $path: " <<< "$err" &&
		grep -qE "writable by group or others|not owned by root" <<< "$err" && echo 1)" "$err"
}
loads() { # NAME ARGS...: not refused (exit 0, 1 or 2)
	local name=$1
	shift
	run "$@"
	result "$name: loads" "$([ $rc -le 2 ] && echo 1)" "exit $rc: $err"
}
# A private copy of the reader modules: FOLDER [MODE]
copy_plugins() {
	mkdir -p "$1"
	cp "$plugins"/*/fwdrift-*.so "$1"/ 2> /dev/null || cp "$plugins"/fwdrift-*.so "$1"/
	chmod 0755 "$1"
	chmod 0644 "$1"/*.so
}
x() { echo --exposure --input "$ok_v4" --plugin-dir "$@"; }

# --- reader modules ---------------------------------------------------------
p=$tmp/plugins
copy_plugins "$p"
loads "control: private copy of the modules" $(x "$p")
chmod 0777 "$p"
refused "world-writable plugin folder" "$p" $(x "$p")
chmod 0775 "$p"
refused "group-writable plugin folder" "$p" $(x "$p")
chmod 0755 "$p"
mod=$p/fwdrift-iptables.so
chmod 0664 "$mod"
refused "group-writable module" "$mod" $(x "$p")
chmod 0646 "$mod"
refused "world-writable module" "$mod" $(x "$p")
chmod 0644 "$mod"
chown 65534 "$mod"
refused "module owned by nobody" "$mod" $(x "$p")
chown 0 "$mod"
loads "control: module back to root 0644" $(x "$p")

# A folder above: world-writable and not sticky is refused; sticky is fine.
copy_plugins "$tmp/up/plugins"
chmod 0777 "$tmp/up"
refused "world-writable folder above the plugin folder" "$tmp/up" $(x "$tmp/up/plugins")
chmod 1777 "$tmp/up"
loads "control: sticky world-writable folder above" $(x "$tmp/up/plugins")
chmod 0755 "$tmp/up"

# Through a symbolic link: the folder it points at is checked.
copy_plugins "$tmp/real"
ln -s "$tmp/real" "$tmp/link"
chmod 0777 "$tmp/real"
refused "symlink to a world-writable plugin folder" "$tmp/real" $(x "$tmp/link")
chmod 0755 "$tmp/real"
loads "control: symlink to a safe plugin folder" $(x "$tmp/link")

# A subfolder (modules are looked for one level down too).
copy_plugins "$tmp/nest"
mkdir "$tmp/nest/sub"
mv "$tmp/nest/fwdrift-iptables.so" "$tmp/nest/sub/" # ok.v4 needs it: found there
loads "control: the iptables module in a subfolder" $(x "$tmp/nest")
chmod 0777 "$tmp/nest/sub"
refused "world-writable plugin subfolder" "$tmp/nest/sub" $(x "$tmp/nest")

# --- baselines --------------------------------------------------------------
b=$tmp/baselines
mkdir -m 0755 "$b"
cp "$top/tests/reliability/bad/bl-ok.json" "$b/mine.json"
chmod 0644 "$b/mine.json"
bl() { echo --input "$ok_v4" --baseline "$@"; }
run_path() { # like run, with FWDRIFT_BASELINE_PATH=$b
	out=$(FWDRIFT_BASELINE_PATH=$b "$fwdrift" "$@" 2> "$tmp/err")
	rc=$?
	err=$(cat "$tmp/err")
}
run_path $(bl mine)
result "control: baseline on FWDRIFT_BASELINE_PATH" "$([ $rc -le 2 ] && echo 1)" "exit $rc: $err"
chmod 0777 "$b"
run_path $(bl mine)
result "FWDRIFT_BASELINE_PATH world-writable: exit 3" "$([ $rc = 3 ] && echo 1)" "exit $rc: $err"
result "FWDRIFT_BASELINE_PATH world-writable: names $b" \
	"$(grep -qF "fwdrift: $b: writable by group or others" <<< "$err" && echo 1)" "$err"
chmod 0755 "$b"
chmod 0664 "$b/mine.json"
refused "group-writable baseline file" "$b/mine.json" $(bl "$b/mine.json")
chmod 0644 "$b/mine.json"
chown 65534 "$b/mine.json"
refused "baseline file owned by nobody" "$b/mine.json" $(bl "$b/mine.json")
chown 0 "$b/mine.json"
loads "control: baseline file back to root 0644" $(bl "$b/mine.json")
# An overlay in a safe place whose parent is found on an unsafe path.
mkdir -m 0755 "$tmp/safe"
cp "$top/tests/overlay/fixtures/ps-local.json" "$tmp/safe/ps-local.json"
cp "$top/baselines/privilegesecure.json" "$b/privilegesecure.json"
chmod 0644 "$tmp/safe/ps-local.json" "$b/privilegesecure.json"
run_path $(bl "$tmp/safe/ps-local.json")
result "control: overlay extends a baseline on a safe path" "$([ $rc -le 2 ] && echo 1)" "exit $rc: $err"
chmod 0777 "$b"
run_path $(bl "$tmp/safe/ps-local.json")
result "overlay whose parent is on a world-writable path: exit 3 naming $b" \
	"$([ $rc = 3 ] && grep -qF "$b: writable by group or others" <<< "$err" && echo 1)" \
	"exit $rc: $err"
chmod 0755 "$b"

# --- offline audits need no privilege --------------------------------------
cp "$ok_v4" "$tmp/rules.v4"
chmod 0644 "$tmp/rules.v4"
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		--bounding-set=-all --inh-caps=-all -- \
		env -u FWDRIFT_BASELINE_PATH "$fwdrift" "$@" 2> "$tmp/err"
}
for args in "--exposure --format json" "--baseline privilegesecure --role all" \
	    "--baseline $tmp/safe/ps-local.json --format nagios" "--dump-model"; do
	# shellcheck disable=SC2086
	out=$(nobody $args --input "$tmp/rules.v4")
	rc=$?
	result "as nobody without capabilities: fwdrift $args" \
		"$([ $rc -le 2 ] && [ -n "$out" ] && echo 1)" "exit $rc: $(cat "$tmp/err")"
done
out=$(nobody --exposure --format json --input "$tmp/rules.v4" | python3 -c \
	'import json,sys; print(len(json.load(sys.stdin)))')
result "as nobody: the exposure is JSON" "$([ "${out:-0}" -gt 0 ] && echo 1)" "$out"
# ... and as nobody, --output into a folder nobody may write: clear error.
out=$(nobody --exposure --input "$tmp/rules.v4" --output "$tmp/report.txt")
rc=$?
result "as nobody, --output where nobody cannot write: exit 3 naming the path" \
	"$([ $rc = 3 ] && grep -qF "$tmp/report.txt: cannot create output file: Permission denied" "$tmp/err" && echo 1)" \
	"exit $rc: $(cat "$tmp/err")"

echo "$pass passed, $failed failed"
[ "$failed" = 0 ] && [ "$pass" -ge 30 ]
