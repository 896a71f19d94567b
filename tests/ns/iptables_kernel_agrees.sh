#!/bin/bash
# iptables_kernel_agrees.sh — NEEDS ROOT. Does fwdrift's exposure match
# what the kernel really does?
#
# In the two namespaces of ns_lib.sh, kernel.rules4/6 are loaded into the
# server with iptables-legacy-restore and fwdrift reads the server's
# firewall live. Then the client sends a TCP SYN or a UDP datagram to each
# port: "open" ports must answer, "closed" ones must not, "restricted"
# ones must behave as the table below says for this client's address.
#
#   iptables_kernel_agrees.sh FWDRIFT TESTS_DIR
set -uo pipefail
fwdrift=$1 tests=$2
here=$tests/ns
fwjson=$tests/iptables/fwjson.py

. "$here/ns_lib.sh"
ns_need iptables-legacy-restore ip6tables-legacy-restore
ns_setup
ip netns exec "$srv" iptables-legacy-restore "$here/kernel.rules4" || ns_fail "restore v4"
ip netns exec "$srv" ip6tables-legacy-restore "$here/kernel.rules6" || ns_fail "restore v6"

# family proto port  label-fwdrift-must-give  kernel-result-for-this-client
table="
ipv4 tcp 22 open open
ipv4 tcp 80 open open
ipv4 tcp 443 open open
ipv4 tcp 1003 open open
ipv4 tcp 1005 closed closed
ipv4 tcp 2000 closed closed
ipv4 tcp 8080 closed closed
ipv4 tcp 5432 restricted open
ipv4 tcp 5433 restricted closed
ipv4 tcp 7500 closed closed
ipv4 tcp 8000 open open
ipv4 tcp 9000 open open
ipv4 tcp 9001 open open
ipv4 udp 53 open open
ipv4 udp 5353 closed closed
ipv4 udp 5005 open open
ipv4 udp 6000 open open
ipv4 udp 6001 closed closed
ipv4 udp 9999 closed closed
ipv6 tcp 22 open open
ipv6 tcp 80 closed closed
ipv6 tcp 443 open open
ipv6 tcp 1005 closed closed
ipv6 tcp 1010 open open
ipv6 tcp 5432 restricted open
ipv6 tcp 5433 restricted closed
ipv6 tcp 7999 closed closed
ipv6 tcp 9001 open open
ipv6 udp 53 closed closed
ipv6 udp 5010 open open
ipv6 udp 5353 closed closed
"
ns_listen "$table"
ns_wait_link 22

ip netns exec "$srv" "$fwdrift" --reader iptables --exposure --format json \
	> "$tmp/expo.json" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] || { cat "$tmp/err"; ns_fail "fwdrift --exposure exit $rc"; }

ns_probe "$table"
ns_judge live "$table" "$tmp/expo.json"
ns_summary
