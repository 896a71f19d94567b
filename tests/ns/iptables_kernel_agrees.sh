#!/bin/bash
# iptables_kernel_agrees.sh — NEEDS ROOT. Does fwdrift's exposure match
# what the kernel really does?
#
# Two network namespaces of our own, "server" and "client", joined by a
# veth pair that exists only inside them (10.254.1.0/24, fd00:254::/64);
# the host's interfaces and firewall are never touched. kernel.rules4/6
# are loaded into the server with iptables-legacy-restore, a listener
# (netprobe.py) binds every probed port there, and fwdrift reads the
# server's firewall live. Then the client sends a TCP SYN or a UDP
# datagram to each port: "open" ports must answer, "closed" ones must
# not, "restricted" ones must behave as the table below says for this
# client's address. Namespaces and the listener are removed on any exit.
#
#   iptables_kernel_agrees.sh FWDRIFT TESTS_DIR
set -uo pipefail
fwdrift=$1 tests=$2
here=$tests/ns
fwjson=$tests/iptables/fwjson.py

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (network namespaces, iptables-legacy)"
for t in ip iptables-legacy-restore ip6tables-legacy-restore python3; do
	command -v "$t" > /dev/null || fail "$t not found"
done

srv=fwdrift-srv-$$ cli=fwdrift-cli-$$
tmp=$(mktemp -d)
listener=
cleanup() {
	[ -n "$listener" ] && kill "$listener" 2> /dev/null && wait "$listener" 2> /dev/null
	ip netns del "$srv" 2> /dev/null
	ip netns del "$cli" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$srv" || fail "ip netns add"
ip netns add "$cli" || fail "ip netns add"
ip -n "$srv" link add vsrv type veth peer name vcli netns "$cli" || fail "veth"
ip -n "$srv" addr add 10.254.1.1/24 dev vsrv
ip -n "$srv" addr add fd00:254::1/64 dev vsrv nodad
ip -n "$cli" addr add 10.254.1.2/24 dev vcli
ip -n "$cli" addr add fd00:254::2/64 dev vcli nodad
for n in "$srv" "$cli"; do ip -n "$n" link set lo up; done
ip -n "$srv" link set vsrv up
ip -n "$cli" link set vcli up

ip netns exec "$srv" iptables-legacy-restore "$here/kernel.rules4" || fail "restore v4"
ip netns exec "$srv" ip6tables-legacy-restore "$here/kernel.rules6" || fail "restore v6"

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
tcp_ports=$(echo "$table" | awk '$2 == "tcp" {print $3}' | sort -un | paste -sd,)
udp_ports=$(echo "$table" | awk '$2 == "udp" {print $3}' | sort -un | paste -sd,)
ip netns exec "$srv" python3 "$here/netprobe.py" listen "$tmp/ready" 240 \
	"tcp:$tcp_ports" "udp:$udp_ports" &
listener=$!
for _ in $(seq 50); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
[ -e "$tmp/ready" ] || fail "listener did not start"

# The link is up once the client reaches the server's ssh port.
for _ in $(seq 20); do
	[ "$(ip netns exec "$cli" python3 "$here/netprobe.py" probe tcp 10.254.1.1 22 0.5)" = open ] && break
	sleep 0.25
done

ip netns exec "$srv" "$fwdrift" --reader iptables --exposure --format json \
	> "$tmp/expo.json" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] || { cat "$tmp/err"; fail "fwdrift --exposure exit $rc"; }

# Probe every port at once (in parallel), then judge each.
echo "$table" | awk 'NF {h = $1 == "ipv6" ? "fd00:254::1" : "10.254.1.1"; print $2, h, $3}' |
	ip netns exec "$cli" python3 "$here/netprobe.py" probe-many 1.0 > "$tmp/probes"
pass=0 failed=0
while read -r fam proto port want_label want_kernel; do
	[ -z "$fam" ] && continue
	label=$(python3 "$fwjson" label "$tmp/expo.json" "$fam" in "$proto" "$port")
	host=10.254.1.1; [ "$fam" = ipv6 ] && host=fd00:254::1
	got=$(awk -v p="$proto" -v h="$host" -v n="$port" '$1 == p && $2 == h && $3 == n {print $4}' "$tmp/probes")
	if [ "$got" != "$want_kernel" ]; then # once more, slowly: a busy machine
		got=$(ip netns exec "$cli" python3 "$here/netprobe.py" probe "$proto" "$host" "$port" 4.0)
	fi
	ok=1
	case "$label" in
	open|closed) [ "$label" = "$got" ] || ok=0 ;;
	restricted) ;;
	*) ok=0 ;;
	esac
	[ "$label" = "$want_label" ] || ok=0
	[ "$got" = "$want_kernel" ] || ok=0
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $fam $proto/$port: fwdrift says $label (want $want_label), kernel says $got (want $want_kernel)"
		failed=$((failed + 1))
	fi
done <<< "$table"
echo "$pass passed, $failed failed"
[ $failed = 0 ]
