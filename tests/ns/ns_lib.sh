# ns_lib.sh — sourced by the kernel-agreement tests (NEEDS ROOT).
#
# Two network namespaces of our own, "server" and "client", joined by a
# veth pair that exists only inside them (10.254.1.0/24, fd00:254::/64);
# the host's interfaces and firewall are never touched. A listener
# (netprobe.py) binds every probed port in the server; the client sends a
# TCP SYN or a UDP datagram to each, and the answer is what the kernel
# did. Namespaces, listener and temporary files go on any exit.
#
# A table has one line per probe:
#   family proto port label-fwdrift-must-give kernel-result-for-this-client
# where "restricted" ports must behave as the last column says.
#
# Callers set $here (tests/ns) and $fwjson, then: ns_setup; ns_listen
# "$table"; for each audit: ns_probe "$table" (once), ns_judge NAME
# "$table" EXPOSURE.json; finally ns_summary.

ns_fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

ns_need() {
	[ "$(id -u)" = 0 ] || ns_fail "needs root (network namespaces)"
	local t
	for t in ip python3 "$@"; do
		command -v "$t" > /dev/null || ns_fail "$t not found"
	done
}

srv=fwdrift-srv-$$ cli=fwdrift-cli-$$
tmp=$(mktemp -d)
listener=
ns_pass=0 ns_failed=0

ns_cleanup() {
	[ -n "$listener" ] && kill "$listener" 2> /dev/null && wait "$listener" 2> /dev/null
	ip netns del "$srv" 2> /dev/null
	ip netns del "$cli" 2> /dev/null
	rm -rf "$tmp"
}
trap ns_cleanup EXIT

ns_setup() {
	ip netns add "$srv" || ns_fail "ip netns add"
	ip netns add "$cli" || ns_fail "ip netns add"
	ip -n "$srv" link add vsrv type veth peer name vcli netns "$cli" || ns_fail "veth"
	ip -n "$srv" addr add 10.254.1.1/24 dev vsrv
	ip -n "$srv" addr add fd00:254::1/64 dev vsrv nodad
	ip -n "$cli" addr add 10.254.1.2/24 dev vcli
	ip -n "$cli" addr add fd00:254::2/64 dev vcli nodad
	local n
	for n in "$srv" "$cli"; do ip -n "$n" link set lo up; done
	ip -n "$srv" link set vsrv up
	ip -n "$cli" link set vcli up
}

ns_listen() {
	local tcp udp
	tcp=$(echo "$1" | awk '$2 == "tcp" {print $3}' | sort -un | paste -sd,)
	udp=$(echo "$1" | awk '$2 == "udp" {print $3}' | sort -un | paste -sd,)
	ip netns exec "$srv" python3 "$here/netprobe.py" listen "$tmp/ready" 900 \
		"tcp:$tcp" "udp:$udp" &
	listener=$!
	for _ in $(seq 50); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
	[ -e "$tmp/ready" ] || ns_fail "listener did not start"
}

# Wait until the client reaches tcp PORT of the server (the link is up
# and the ruleset lets it through).
ns_wait_link() {
	for _ in $(seq 20); do
		[ "$(ip netns exec "$cli" python3 "$here/netprobe.py" probe tcp 10.254.1.1 "$1" 0.5)" = open ] && return
		sleep 0.25
	done
}

# Probe every port of the table at once (in parallel) into $tmp/probes.
ns_probe() {
	echo "$1" | awk 'NF {h = $1 == "ipv6" ? "fd00:254::1" : "10.254.1.1"; print $2, h, $3}' |
		ip netns exec "$cli" python3 "$here/netprobe.py" probe-many 1.0 > "$tmp/probes"
}

# Judge the exposure of one audit (NAME) against the table and the probes.
ns_judge() {
	local name=$1 table=$2 expo=$3
	local fam proto port want_label want_kernel label host got ok
	while read -r fam proto port want_label want_kernel; do
		[ -z "$fam" ] && continue
		label=$(python3 "$fwjson" label "$expo" "$fam" in "$proto" "$port")
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
			ns_pass=$((ns_pass + 1))
		else
			echo "FAIL $name $fam $proto/$port: fwdrift says $label (want $want_label), kernel says $got (want $want_kernel)"
			ns_failed=$((ns_failed + 1))
		fi
	done <<< "$table"
}

ns_summary() {
	echo "$ns_pass passed, $ns_failed failed"
	[ $ns_failed = 0 ]
}
