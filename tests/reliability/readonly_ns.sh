#!/bin/bash
# readonly_ns.sh — NEEDS ROOT (fails, never skips, without it). Proof
# that a live audit changes nothing: every ruleset of the corpora (the
# iptables rules of tests/iptables/rules and tests/ns, each case of
# tests/nftables/corpus) is loaded into a network namespace of its own
# (unshare -n: the host's firewall is never touched, and the namespace
# ends with its shell, even on failure). Around four live audits
#   fwdrift --exposure | --reader nftables --exposure --format json |
#   --reader iptables --exposure | --baseline privilegesecure
# it records the nf_tables generation id (nft_genid.c), the legacy
# tables (iptables-legacy-save, ip6tables-legacy-save, the table-name
# lists) and `nft list ruleset`: all must be equal after. Each audit runs
# under strace, and strace_check.py decodes every netlink message and
# setsockopt it made: nf_tables GET (dump) requests only, no
# NFT_MSG_NEW*/DEL*, batch or reset, no IPT_SO_SET_*. A final change
# in each namespace proves that the generation id and the snapshots do
# see a change (so equality is not vacuous), and the checker is run on
# straces of `nft add table` and `iptables-legacy -A`, which it must
# reject.
#
#   readonly_ns.sh FWDRIFT NFT_GENID SOURCE_ROOT
set -uo pipefail
fwdrift=$1 genid=$2 top=$3
here=$top/tests/reliability

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, nft, iptables-legacy)"
for t in unshare nft strace python3 iptables-legacy-save ip6tables-legacy-save \
	 iptables-legacy-restore ip6tables-legacy-restore iptables-nft-restore; do
	command -v "$t" > /dev/null || fail "$t not found"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export fwdrift genid here tmp

# One namespace: load what the arguments name, audit, compare.
#   case NAME legacy4=F legacy6=F nft4=F nft6=F nft=F
inside='
set -u
name=$1; shift
d=$tmp/$name; mkdir -p "$d"
ip link set lo up
for spec in "$@"; do
	f=${spec#*=}
	case $spec in
	legacy4=*) iptables-legacy-restore < "$f" ;;
	legacy6=*) ip6tables-legacy-restore < "$f" ;;
	nft4=*) iptables-nft-restore < "$f" ;;
	nft6=*) ip6tables-nft-restore < "$f" ;;
	nft=*) nft -f "$f" ;;
	esac 2> "$d/load.err" || { echo "FAIL $name: cannot load $spec"; exit 0; }
done
snap() {
	"$genid" > "$d/$1.genid" || echo "FAIL $name: genid"
	{ iptables-legacy-save; ip6tables-legacy-save; } | grep -v "^#" > "$d/$1.legacy"
	cat /proc/net/ip_tables_names /proc/net/ip6_tables_names > "$d/$1.names" 2>/dev/null
	nft list ruleset > "$d/$1.nft" 2> /dev/null
}
snap before
has_legacy=0
[ -s "$d/before.names" ] && has_legacy=1
i=0 specs=()
audit() { # EXPECT_NETLINK EXPECT_IPTC ARGS...
	local nl=$1 ipt=$2; shift 2
	i=$((i + 1))
	# LeakSanitizer cannot work under ptrace (fatal error at exit, an
	# abort with abort_on_error): leaks are checked by the other tests.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -X raw -xx -s 4096 -e trace=sendto,sendmsg,setsockopt,getsockopt \
		-o "$d/trace$i" "$fwdrift" "$@" > "$d/out$i" 2> "$d/err$i"
	rc=$?
	[ $rc -le 2 ] && echo "ok $name: fwdrift $* exit $rc" ||
		echo "FAIL $name: fwdrift $* exit $rc: $(head -3 "$d/err$i")"
	specs+=("$d/trace$i:$nl:$ipt")
}
audit 1 0 --exposure
audit 1 0 --reader nftables --exposure --format json
audit 0 $has_legacy --reader iptables --exposure
audit 0 0 --baseline privilegesecure --role all
python3 "$here/strace_check.py" "${specs[@]}" > "$d/check" &&
	echo "ok $name: only dump/get requests, no IPT_SO_SET_* ($(cut -d: -f2 "$d/check" | tr "\n" ";"))" ||
	echo "FAIL $name: $(cat "$d/check")"
snap after
for s in genid legacy names nft; do
	if cmp -s "$d/before.$s" "$d/after.$s"; then
		echo "ok $name: $s unchanged ($(wc -l < "$d/before.$s") lines)"
	else
		echo "FAIL $name: $s changed by the live audits:"
		diff -u "$d/before.$s" "$d/after.$s" | head -20
	fi
done
# The snapshots must see a change: one nf_tables commit, one legacy rule.
nft add table inet fwdrift_readonly_probe
iptables-legacy -N FWDRIFT_PROBE
snap changed
cmp -s "$d/after.genid" "$d/changed.genid" &&
	echo "FAIL $name: generation id did not move after a commit"
cmp -s "$d/after.legacy" "$d/changed.legacy" &&
	echo "FAIL $name: iptables-legacy-save did not show a new chain"
cmp -s "$d/after.nft" "$d/changed.nft" &&
	echo "FAIL $name: nft list ruleset did not show a new table"
exit 0
'

run_case() { unshare -n bash -c "$inside" _ "$@" 2>&1; }

{
	r=$top/tests/iptables/rules
	run_case ipt-basic legacy4="$r/basic.rules4" legacy6="$r/basic.rules6"
	run_case ipt-ufw legacy4="$r/ufw.rules4" legacy6="$r/ufw.rules6"
	run_case ipt-docker legacy4="$r/docker.rules4"
	run_case ipt-kube legacy4="$r/kube.rules4"
	run_case ns-kernel legacy4="$top/tests/ns/kernel.rules4" \
		legacy6="$top/tests/ns/kernel.rules6"
	run_case empty
	n_nft=0
	for c in "$top"/tests/nftables/corpus/*/; do
		n=$(basename "$c")
		spec=()
		[ -f "$c/ruleset.legacy" ] && spec+=(legacy4="$c/ruleset.legacy")
		[ -f "$c/ruleset.iptables" ] && spec+=(nft4="$c/ruleset.iptables")
		[ -f "$c/ruleset6.iptables" ] && spec+=(nft6="$c/ruleset6.iptables")
		[ -f "$c/ruleset.nft" ] && spec+=(nft="$c/ruleset.nft")
		run_case "nft-$n" "${spec[@]}"
		n_nft=$((n_nft + 1))
	done
	[ "$n_nft" -ge 10 ] && echo "ok $n_nft nftables corpus rulesets" ||
		echo "FAIL only $n_nft nftables corpus rulesets found"
	# The checker must reject real writes (so its silence means something).
	unshare -n bash -c '
		strace -f -X raw -xx -s 4096 -e trace=sendto,sendmsg,setsockopt,getsockopt \
			-o "$tmp/neg-nft" nft add table inet x
		strace -f -X raw -xx -s 4096 -e trace=sendto,sendmsg,setsockopt,getsockopt \
			-o "$tmp/neg-ipt" iptables-legacy -A INPUT -j ACCEPT'
	# ...also when strace leaves the buffer in hex (-xx): a batch begin.
	printf '%s\n' '1 sendto(3, "\x14\x00\x00\x00\x10\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x00", 20, 0, NULL, 0) = 20' > "$tmp/neg-hex"
	for neg in "hex:NFNL_MSG_BATCH_BEGIN:a batch begin in hex" \
		   "nft:NFT_MSG_NEWTABLE:nft add table" \
		   "ipt:IPT_SO_SET_REPLACE:iptables-legacy -A"; do
		IFS=: read -r f what cmd <<< "$neg"
		if ! python3 "$here/strace_check.py" "$tmp/neg-$f" > "$tmp/neg-$f.out" &&
			grep -q "WRITE.*$what" "$tmp/neg-$f.out"; then
			echo "ok checker rejects $cmd ($what)"
		else
			echo "FAIL checker accepted $cmd: $(cat "$tmp/neg-$f.out")"
		fi
	done
} > "$tmp/results"

grep -v '^ok ' "$tmp/results"
pass=$(grep -c '^ok ' "$tmp/results")
failed=$(grep -c '^FAIL' "$tmp/results")
echo "$pass passed, $failed failed"
[ "$failed" = 0 ] && [ "$pass" -ge 100 ]
