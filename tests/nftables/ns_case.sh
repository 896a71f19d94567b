#!/bin/bash
# ns_case.sh — NEEDS ROOT. One ruleset of tests/nftables/corpus, inside a
# network namespace of its own (unshare -n: the host's firewall is never
# touched, and the namespace ends with this script, even on failure):
#   - load ruleset.nft with nft -f, ruleset.iptables / ruleset6.iptables
#     with iptables-nft-restore / ip6tables-nft-restore, ruleset.legacy
#     with iptables-legacy-restore;
#   - audit it live (fwdrift --reader nftables, or every reader when a
#     legacy ruleset is there too) and offline from `nft -j list ruleset`
#     of the same namespace, and check both against expected.json
#     (ns_check.py);
#   - `nft list ruleset` must be the same before and after the live read.
#
#   ns_case.sh FWDRIFT PLUGIN_DIR CASE_DIR
set -uo pipefail
fwdrift=$1 plugins=$2 case=$3
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*"; exit 1; }
if [ -z "${FWD_NFT_INSIDE:-}" ]; then
	[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, nft)"
	for t in unshare nft iptables-nft-restore iptables-legacy-restore python3; do
		command -v "$t" > /dev/null || fail "$t not found"
	done
	FWD_NFT_INSIDE=1 exec unshare -n "$0" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ip link set lo up || fail "ip link set lo up"

[ -f "$case/ruleset.legacy" ] && { iptables-legacy-restore < "$case/ruleset.legacy" || fail "iptables-legacy-restore"; }
[ -f "$case/ruleset.iptables" ] && { iptables-nft-restore < "$case/ruleset.iptables" || fail "iptables-nft-restore"; }
[ -f "$case/ruleset6.iptables" ] && { ip6tables-nft-restore < "$case/ruleset6.iptables" || fail "ip6tables-nft-restore"; }
[ -f "$case/ruleset.nft" ] && { nft -f "$case/ruleset.nft" || fail "nft -f"; }

nft list ruleset > "$tmp/before" || fail "nft list ruleset"
reader=(--reader nftables)
[ -f "$case/ruleset.legacy" ] && reader=()
run() { "$fwdrift" --plugin-dir "$plugins" "$@"; }
run "${reader[@]}" --exposure --format json > "$tmp/live.json" 2> "$tmp/live.err" ||
	[ -s "$tmp/live.json" ] || fail "live audit: $(cat "$tmp/live.err")"
run "${reader[@]}" --dump-model > "$tmp/live.model" 2>&1 || fail "live model"
nft list ruleset > "$tmp/after"
diff -u "$tmp/before" "$tmp/after" > /dev/null || fail "nft list ruleset changed after the live read"
echo "ok ruleset unchanged by the live read"

nft -j list ruleset > "$tmp/export.json" || fail "nft -j list ruleset"
run --input "$tmp/export.json" --exposure --format json > "$tmp/off.json" 2> "$tmp/off.err" ||
	[ -s "$tmp/off.json" ] || fail "offline audit: $(cat "$tmp/off.err")"
run --input "$tmp/export.json" --dump-model > "$tmp/off.model" 2>&1 || fail "offline model"

python3 "$here/ns_check.py" "$case" "$tmp/live.json" "$tmp/off.json" \
	"$tmp/live.model" "$tmp/off.model"
