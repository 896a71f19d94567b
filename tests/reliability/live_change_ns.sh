#!/bin/bash
# live_change_ns.sh — NEEDS ROOT (fails, never skips, without it).
# Consistent live reads under change: while a background loop in a
# network namespace keeps replacing the ruleset, each live audit
# (fwdrift --exposure --format json) reports a ruleset that existed as a
# whole at one moment, never a mix of two, or exits 3 saying the ruleset
# kept changing (after the reader's bounded retries).
#
#   nft     three whole rulesets (three tables, two families, a named set
#           whose name differs, a chain only one of them jumps to) swapped
#           by `nft -f` (one transaction each: flush ruleset + the new
#           one). Every audit's exposure must equal one of the three
#           exposures computed from quiescent loads — or that ruleset as
#           the kernel holds it for an instant during its commit:
#           nf_tables makes new base chains live before it applies their
#           drop policy (nft_chain_commit_drop_policy, after the
#           generation id moved), so a dump at that instant sees policy
#           accept, and packets are accepted then too. Those are counted
#           and shown apart (computed from quiescent loads of the same
#           rulesets with accept policies).
#   legacy  three rulesets of legacy iptables and ip6tables (filter
#           table, a user chain, different sizes) swapped by
#           iptables-legacy-restore and ip6tables-legacy-restore. Each
#           restore replaces one table of one family atomically, and the
#           reader snapshots each table whole (libiptc), so each family's
#           exposure must equal that family's exposure of one load; the
#           two families may come from different loads (guaranteed: one
#           table = one moment; not guaranteed: across tables or
#           families, as with iptables-legacy-save).
#
# The loops are bounded (at most 20000 swaps, at most 90 s, and stopped
# when the audits end); the namespaces (unshare -n) end with their
# shells, and a trap kills the loop and removes the scratch folder on any
# exit. The host's firewall is never touched.
#
#   live_change_ns.sh FWDRIFT NFT_GENID SOURCE_ROOT [nft|legacy]...
#   LIVE_CHANGE_AUDITS=N (default 200) audits per mode;
#   LIVE_CHANGE_PACE_MS=N (default 4) ms between swaps to start with;
#   LIVE_CHANGE_KEEP=1 keeps the scratch folder (audits, expectations).
set -uo pipefail
fwdrift=$1 genid=$2 top=$3
shift 3
modes=("$@")
[ ${#modes[@]} = 0 ] && modes=(nft legacy)
here=$top/tests/reliability

fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, nft, iptables-legacy)"
for t in unshare nft python3 iptables-legacy-restore ip6tables-legacy-restore; do
	command -v "$t" > /dev/null || fail "$t not found"
done
tmp=$(mktemp -d)
trap 'touch "$tmp"/*/stop 2> /dev/null; sleep 0.2; [ -n "${LIVE_CHANGE_KEEP:-}" ] || rm -rf "$tmp"' EXIT
export fwdrift genid here tmp
# PACE_MS: milliseconds between swaps to start with (doubled after each
# UNKNOWN, up to 256 ms).
export AUDITS=${LIVE_CHANGE_AUDITS:-200} PACE_MS=${LIVE_CHANGE_PACE_MS:-4}

# --- the rulesets ----------------------------------------------------------
# nft NAME SET-ELEMENTS UDP SVC OUT SIDE V6 EXTRA [FW-POLICY V6-POLICY]
nft_ruleset() {
	cat <<EOF
flush ruleset
table inet fw {
	set allowed_$1 {
		type inet_service
		elements = { $2 }
	}
	chain input {
		type filter hook input priority 0; policy ${9:-drop};
		ct state established,related accept
		tcp dport @allowed_$1 accept
		udp dport $3 accept
		$8
		jump svc
	}
	chain svc {
		tcp dport $4 accept
		udp dport $4 accept
	}
	chain output {
		type filter hook output priority 0; policy accept;
		tcp dport $5 drop
	}
	chain extra {
		tcp dport 6000-6010 accept
	}
}
table ip side {
	chain input {
		type filter hook input priority 10; policy accept;
		tcp dport $6 drop
	}
}
table ip6 v6 {
	chain input {
		type filter hook input priority 0; policy ${10:-drop};
		tcp dport $7 accept
	}
}
EOF
	# Bulk, so that the dumps span many messages (a change can land
	# inside one): base chains that accept nothing new, user chains.
	local i
	echo "table inet bulk {"
	for i in $(seq 60); do
		echo "	chain b$i { type filter hook input priority $((20 + i)); policy accept; iif lo accept; ct state established accept; jump u$i; }"
		echo "	chain u$i { meta mark 0x$1$i counter; ip saddr 127.0.0.$i counter; }"
	done
	echo "}"
}
# legacy NAME INPUT-POLICY "TCP PORTS" "UDP PORTS" "OUT PORTS" EXTRA
legacy_ruleset() {
	local p
	echo "*filter"
	echo ":INPUT $2 [0:0]"
	echo ":FORWARD DROP [0:0]"
	echo ":OUTPUT ACCEPT [0:0]"
	echo ":SVC - [0:0]"
	echo ":EXTRA - [0:0]"
	echo "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
	for p in $3; do echo "-A INPUT -p tcp -m tcp --dport $p -j ACCEPT"; done
	echo "-A INPUT -j SVC"
	for p in $4; do echo "-A SVC -p udp -m udp --dport $p -j ACCEPT"; done
	[ -n "$6" ] && echo "-A SVC -j EXTRA"
	echo "-A EXTRA -p tcp -m tcp --dport 6000:6010 -j ACCEPT"
	for p in $5; do echo "-A OUTPUT -p tcp -m tcp --dport $p -j DROP"; done
	echo "COMMIT"
}
mkdir -p "$tmp/rules"
nft_sig_a=(a "22, 443" 5353 8001 25 9001 7001 "")
nft_sig_b=(b "80, 8443, 3389" 161 8002 587 9002 7002 "")
nft_sig_c=(c "2222" 514 8003 465 9003 7003 "jump extra")
for x in a b c; do
	declare -n sig=nft_sig_$x
	nft_ruleset "${sig[@]}" > "$tmp/rules/$x.nft"
	# The same ruleset as nf_tables holds it for an instant while
	# committing it: base chains live, drop policies not yet applied.
	nft_ruleset "${sig[@]}" accept drop > "$tmp/rules/$x~fw.nft"
	nft_ruleset "${sig[@]}" drop accept > "$tmp/rules/$x~v6.nft"
	nft_ruleset "${sig[@]}" accept accept > "$tmp/rules/$x~both.nft"
done
legacy_ruleset a DROP "22" "5353" "25" "" > "$tmp/rules/a.v4"
legacy_ruleset b DROP "80 443" "161 162" "587 465" "" > "$tmp/rules/b.v4"
legacy_ruleset c DROP "2222 2223 2224" "514" "110" extra > "$tmp/rules/c.v4"
legacy_ruleset a DROP "7001" "547" "25" "" > "$tmp/rules/a.v6"
legacy_ruleset b ACCEPT "7002 7012" "546" "" "" > "$tmp/rules/b.v6"
legacy_ruleset c DROP "7003 7013 7023" "" "143" extra > "$tmp/rules/c.v6"

# --- one mode in a namespace of its own ------------------------------------
inside='
set -u
mode=$1
d=$tmp/$mode; mkdir -p "$d"
ip link set lo up
load() {
	if [ "$mode" = nft ]; then
		nft -f "$tmp/rules/$1.nft"
	else
		iptables-legacy-restore < "$tmp/rules/$1.v4" &&
			ip6tables-legacy-restore < "$tmp/rules/$1.v6"
	fi
}
audit() { # OUT-PREFIX
	"$fwdrift" -t 20 --exposure --format json > "$1.json" 2> "$1.err"
	echo $? > "$1.rc"
}
# Quiescent loads: the expected exposures, each read twice.
for x in a b c; do
	load "$x" 2> "$d/load.err" || { echo "FAIL $mode: cannot load $x: $(head -3 "$d/load.err")"; exit 1; }
	audit "$d/expect.$x"
	audit "$d/again.$x"
	[ "$(cat "$d/expect.$x.rc")" = 0 ] || { echo "FAIL $mode: quiescent audit of $x: $(head -3 "$d/expect.$x.err")"; exit 1; }
	cmp -s "$d/expect.$x.json" "$d/again.$x.json" || { echo "FAIL $mode: two reads of $x differ"; exit 1; }
done
python3 "$here/live_change_check.py" expect "$mode" "$d" a b c || exit 1
transient=()
if [ "$mode" = nft ]; then
	for x in a b c; do
		for t in fw v6 both; do
			load "$x~$t" 2> "$d/load.err" || { echo "FAIL $mode: cannot load $x~$t"; exit 1; }
			audit "$d/expect.$x~$t"
			transient+=("$x~$t")
		done
	done
fi

# The loop that keeps replacing the ruleset: one long-lived nft -i (each
# line, an include of a whole ruleset, is one transaction) or one
# iptables-legacy-restore per family (each COMMIT replaces the table), fed
# a ruleset every few milliseconds, so that swaps land inside reads.
# Bounded: count, time, and the stop file.
g0=$("$genid" 2> /dev/null || echo 0)
# legacy: each table replacement costs CPU the audits need: start slower
[ "$mode" = legacy ] && [ "$PACE_MS" -lt 10 ] && PACE_MS=10
echo "$PACE_MS" > "$d/pace_ms"
feed() { # FORMAT-STRING EXT
	local n=0 end=$((SECONDS + 90)) x
	mkfifo "$d/tick.$2"
	exec 9<> "$d/tick.$2"   # read -t on it: a sleep without a fork
	local ms t
	while [ $n -lt 20000 ] && [ $SECONDS -lt $end ] && [ ! -e "$d/stop" ]; do
		case $((n % 3)) in 0) x=a ;; 1) x=b ;; 2) x=c ;; esac
		# shellcheck disable=SC2059
		printf "$1" "$tmp/rules/$x.$2"
		n=$((n + 1))
		read -r ms < "$d/pace_ms"
		printf -v t "%d.%03d" $((ms / 1000)) $((ms % 1000))
		read -r -t "$t" -u 9
	done
	echo "$n" > "$d/swaps.$2"
}
if [ "$mode" = nft ]; then
	feed "include \"%s\"\n" nft | nft -i > /dev/null 2> "$d/loop.err" &
	loops="$!"
else
	feed "%s\n" v4 | xargs -n1 cat | iptables-legacy-restore 2> "$d/loop.err" &
	loops="$!"
	feed "%s\n" v6 | xargs -n1 cat | ip6tables-legacy-restore 2>> "$d/loop.err" &
	loops="$loops $!"
fi
trap "touch \"$d/stop\"; kill $loops 2> /dev/null" EXIT
sleep 0.3
start=$SECONDS
for i in $(seq "$AUDITS"); do
	audit "$d/audit.$i"
	# Slower builds (sanitizers) read for longer: when a read gave up
	# (UNKNOWN), swap half as often, so that most reads still finish.
	if [ "$(cat "$d/audit.$i.rc")" = 3 ]; then
		read -r ms < "$d/pace_ms"
		[ "$ms" -lt 256 ] && echo $((ms * 2)) > "$d/pace_ms"
	fi
	[ $((SECONDS - start)) -gt 100 ] && { echo "FAIL $mode: audits too slow, stopped after $i"; break; }
done
touch "$d/stop"
wait
g1=$("$genid" 2> /dev/null || echo 0)
swaps=$(( $(cat "$d"/swaps.* | paste -sd+) ))
echo "$mode: $swaps swaps during $AUDITS audits in $((SECONDS - start)) s (finally every $(cat "$d/pace_ms") ms + load time); nf_tables generation $g0 -> $g1"
[ -s "$d/loop.err" ] && echo "FAIL $mode: the loop could not load a ruleset: $(head -3 "$d/loop.err")"
[ "$swaps" -ge 200 ] || echo "FAIL $mode: only $swaps swaps: the ruleset hardly changed during the audits"
[ "$mode" = legacy ] || [ $((g1 - g0)) -ge 200 ] || echo "FAIL $mode: the generation moved only $((g1 - g0)) times"
python3 "$here/live_change_check.py" audits "$mode" "$d" a b c -- "${transient[@]}"
'

status=0
for m in "${modes[@]}"; do
	out=$(unshare -n bash -c "$inside" _ "$m" 2>&1)
	rc=$?
	echo "$out"
	if [ $rc != 0 ] || grep -q '^FAIL' <<< "$out"; then
		status=1
	fi
done
[ $status = 0 ] && echo "ok: every live audit read one whole ruleset or said it kept changing"
exit $status
