#!/bin/bash
# nftables_kernel_agrees.sh — NEEDS ROOT. Does fwdrift's nftables
# exposure match what the kernel really does with packets?
#
# In the two namespaces of ns_lib.sh, each ruleset below is loaded into
# the server with nft -f (after "flush ruleset"), then audited twice: live
# over netlink and offline from `nft -j list ruleset` of the same
# namespace. The client sends a TCP SYN or a UDP datagram to each port of
# the ruleset's table: both audits must give the label of the table, and
# an "open" or "closed" label must be what the kernel did.
#
#   nftables_kernel_agrees.sh FWDRIFT PLUGIN_DIR TESTS_DIR
set -uo pipefail
fwdrift=$1 plugins=$2 tests=$3
here=$tests/ns
fwjson=$tests/iptables/fwjson.py

. "$here/ns_lib.sh"
ns_need nft

# firewalld's own ruleset (tests/nftables/corpus/firewalld): ssh and
# cockpit open in the default zone, dhcpv6-client only to fe80::/64, the
# rest rejected. "ct status dnat accept" and the IPv6 reverse-path drop
# must not make these ports look restricted, nor the zone dispatch that
# jumps into the zone for one interface (wlp2s0) and then rejects that
# interface: the jump decided every wlp2s0 packet of 22 and 9090 already.
firewalld_table="
ipv4 tcp 22 open open
ipv4 tcp 80 closed closed
ipv4 tcp 9090 open open
ipv4 udp 53 closed closed
ipv6 tcp 22 open open
ipv6 tcp 9090 open open
ipv6 tcp 443 closed closed
ipv6 udp 546 restricted closed
ipv6 udp 53 closed closed
"

kernel_table="
ipv4 tcp 22 open open
ipv4 tcp 80 open open
ipv4 tcp 443 open open
ipv4 tcp 1003 open open
ipv4 tcp 1005 closed closed
ipv4 tcp 2222 closed closed
ipv4 tcp 5432 restricted open
ipv4 tcp 5433 restricted closed
ipv4 tcp 7000 open open
ipv4 tcp 7500 closed closed
ipv4 tcp 8080 closed closed
ipv4 tcp 9001 closed closed
ipv4 tcp 9002 open open
ipv4 tcp 9003 closed closed
ipv4 udp 53 open open
ipv4 udp 5005 open open
ipv4 udp 6001 closed closed
ipv4 udp 9999 closed closed
ipv6 tcp 22 open open
ipv6 tcp 1005 closed closed
ipv6 tcp 5432 closed closed
ipv6 tcp 7999 open open
ipv6 tcp 9001 open open
ipv6 tcp 9002 open open
ipv6 tcp 9003 closed closed
ipv6 udp 53 open open
ipv6 udp 5005 closed closed
ipv6 udp 6001 closed closed
"

# kernel-features.nft, a second ruleset written independently of
# kernel.nft (by another engineer, from the same brief): the two must not
# share blind spots. Its client-specific sets name 10.254.1.0/28.
features_table="
ipv4 tcp 22 open open
ipv4 tcp 8000 open open
ipv4 tcp 8009 open open
ipv4 tcp 8010 closed closed
ipv4 tcp 8443 open open
ipv4 tcp 2222 open open
ipv4 tcp 2223 closed closed
ipv4 tcp 2224 open open
ipv4 tcp 3000 open open
ipv4 tcp 3001 closed closed
ipv4 tcp 3002 open open
ipv4 tcp 4000 closed closed
ipv4 tcp 4001 open open
ipv4 tcp 4002 closed closed
ipv4 tcp 5432 restricted open
ipv4 tcp 5433 restricted closed
ipv4 tcp 7000 closed closed
ipv4 tcp 7001 open open
ipv4 tcp 7002 closed closed
ipv4 tcp 7003 open open
ipv4 tcp 7006 open open
ipv4 tcp 7007 closed closed
ipv4 tcp 7008 closed closed
ipv4 tcp 7009 open open
ipv4 tcp 7010 restricted closed
ipv4 tcp 1005 closed closed
ipv4 tcp 1010 closed closed
ipv4 tcp 2003 closed closed
ipv4 tcp 2005 open open
ipv4 tcp 9999 closed closed
ipv4 udp 53 open open
ipv4 udp 5000 open open
ipv4 udp 5010 open open
ipv4 udp 5011 closed closed
ipv4 udp 6000 open open
ipv4 udp 6001 closed closed
ipv6 tcp 22 open open
ipv6 tcp 8443 open open
ipv6 tcp 2223 closed closed
ipv6 tcp 2224 open open
ipv6 tcp 3002 open open
ipv6 tcp 4000 closed closed
ipv6 tcp 4001 open open
ipv6 tcp 5432 restricted open
ipv6 tcp 5433 closed closed
ipv6 tcp 7000 closed closed
ipv6 tcp 7001 open open
ipv6 tcp 7002 closed closed
ipv6 tcp 7003 open open
ipv6 tcp 7006 open open
ipv6 tcp 7007 closed closed
ipv6 tcp 7009 open open
ipv6 tcp 7010 restricted closed
ipv6 tcp 1010 open open
ipv6 tcp 2005 open open
ipv6 udp 53 open open
ipv6 udp 5005 open open
ipv6 udp 6000 closed closed
ipv6 udp 6001 closed closed
"

# firewalld 1.x/2.x as exported by nft -j on a real host (corpus
# firewalld-1x): one interface in the default zone, no reject dispatch.
firewalld1x_table="
ipv4 tcp 22 open open
ipv4 tcp 9090 open open
ipv4 tcp 80 closed closed
ipv4 udp 53 closed closed
ipv6 tcp 22 open open
ipv6 tcp 9090 open open
ipv6 udp 546 restricted closed
"

ns_setup
ns_listen "$(printf '%s\n%s\n%s\n%s\n' "$firewalld_table" "$kernel_table" \
	"$features_table" "$firewalld1x_table" | sort -u)"

# Load one ruleset, audit it live and offline, probe, judge both audits.
check() {
	local name=$1 file=$2 table=$3 link_port=$4 rc
	ip netns exec "$srv" nft flush ruleset || ns_fail "$name: nft flush ruleset"
	ip netns exec "$srv" nft -f "$file" || ns_fail "$name: nft -f $file"
	ns_wait_link "$link_port"
	# each ruleset on its own: no neighbour learnt under the previous one
	ip -n "$srv" neigh flush all
	ip -n "$cli" neigh flush all
	ip netns exec "$srv" "$fwdrift" --plugin-dir "$plugins" --reader nftables \
		--exposure --format json > "$tmp/live.json" 2> "$tmp/err"
	rc=$?
	[ $rc = 0 ] || { cat "$tmp/err"; ns_fail "$name: live audit exit $rc"; }
	ip netns exec "$srv" nft -j list ruleset > "$tmp/export.json" ||
		ns_fail "$name: nft -j list ruleset"
	"$fwdrift" --plugin-dir "$plugins" --input "$tmp/export.json" \
		--exposure --format json > "$tmp/off.json" 2> "$tmp/err"
	rc=$?
	[ $rc = 0 ] || { cat "$tmp/err"; ns_fail "$name: offline audit exit $rc"; }
	ns_probe "$table"
	ns_judge "$name-live" "$table" "$tmp/live.json"
	ns_judge "$name-offline" "$table" "$tmp/off.json"
}

check firewalld "$tests/nftables/corpus/firewalld/ruleset.nft" "$firewalld_table" 22
check kernel "$here/kernel.nft" "$kernel_table" 22
check features "$here/kernel-features.nft" "$features_table" 22
check firewalld-1x "$tests/nftables/corpus/firewalld-1x/ruleset.nft" \
	"$firewalld1x_table" 22
ns_summary
