/*
 * fields.c — the header fields, meta keys and conntrack keys the reader
 * understands: where the kernel loads them from, how wide they are, how
 * their values print, and what they mean to the model. A field that is
 * not listed here stays an opaque match; adding one is one line.
 */
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "nir.h"

#define NH NFT_PAYLOAD_NETWORK_HEADER
#define TH NFT_PAYLOAD_TRANSPORT_HEADER

#define PL(p, n, b, off, l, t, role, l4, fams) \
	{ p, n, NIRK_PAYLOAD, b, off, l, l, 0, t, 0, role, l4, fams }
#define PORTS(p, l4) \
	PL(p, "sport", TH, 0, 2, NT_PORT, ROLE_SPORT, l4, 0), \
	PL(p, "dport", TH, 2, 2, NT_PORT, ROLE_DPORT, l4, 0)

static const struct nir_field payload_fields[] = {
	PL("ip", "length", NH, 2, 2, NT_INT, ROLE_NONE, 0, FWD_FAM_IPV4),
	PL("ip", "id", NH, 4, 2, NT_INT, ROLE_NONE, 0, FWD_FAM_IPV4),
	PL("ip", "ttl", NH, 8, 1, NT_INT, ROLE_NONE, 0, FWD_FAM_IPV4),
	PL("ip", "protocol", NH, 9, 1, NT_PROTO, ROLE_L4PROTO, 0, FWD_FAM_IPV4),
	PL("ip", "saddr", NH, 12, 4, NT_IPV4, ROLE_SADDR, 0, FWD_FAM_IPV4),
	PL("ip", "daddr", NH, 16, 4, NT_IPV4, ROLE_DADDR, 0, FWD_FAM_IPV4),
	PL("ip6", "length", NH, 4, 2, NT_INT, ROLE_NONE, 0, FWD_FAM_IPV6),
	PL("ip6", "nexthdr", NH, 6, 1, NT_PROTO, ROLE_L4PROTO, 0, FWD_FAM_IPV6),
	PL("ip6", "hoplimit", NH, 7, 1, NT_INT, ROLE_NONE, 0, FWD_FAM_IPV6),
	PL("ip6", "saddr", NH, 8, 16, NT_IPV6, ROLE_SADDR, 0, FWD_FAM_IPV6),
	PL("ip6", "daddr", NH, 24, 16, NT_IPV6, ROLE_DADDR, 0, FWD_FAM_IPV6),
	PORTS("tcp", 6),
	PL("tcp", "sequence", TH, 4, 4, NT_INT, ROLE_NONE, 6, 0),
	PL("tcp", "ackseq", TH, 8, 4, NT_INT, ROLE_NONE, 6, 0),
	PL("tcp", "flags", TH, 13, 1, NT_TCPFLAGS, ROLE_TCPFLAGS, 6, 0),
	PL("tcp", "window", TH, 14, 2, NT_INT, ROLE_NONE, 6, 0),
	PL("tcp", "urgptr", TH, 18, 2, NT_INT, ROLE_NONE, 6, 0),
	PORTS("udp", 17),
	PL("udp", "length", TH, 4, 2, NT_INT, ROLE_NONE, 17, 0),
	PORTS("udplite", 136),
	PORTS("sctp", 132),
	PORTS("dccp", 33),
	PORTS("th", 0),
	PL("icmp", "type", TH, 0, 1, NT_ICMP_TYPE, ROLE_NONE, 1, FWD_FAM_IPV4),
	PL("icmp", "code", TH, 1, 1, NT_INT, ROLE_NONE, 1, FWD_FAM_IPV4),
	PL("icmp", "id", TH, 4, 2, NT_INT, ROLE_NONE, 1, FWD_FAM_IPV4),
	PL("icmp", "sequence", TH, 6, 2, NT_INT, ROLE_NONE, 1, FWD_FAM_IPV4),
	PL("icmpv6", "type", TH, 0, 1, NT_ICMPV6_TYPE, ROLE_NONE, 58, FWD_FAM_IPV6),
	PL("icmpv6", "code", TH, 1, 1, NT_INT, ROLE_NONE, 58, FWD_FAM_IPV6),
	PL("icmpv6", "id", TH, 4, 2, NT_INT, ROLE_NONE, 58, FWD_FAM_IPV6),
	PL("icmpv6", "sequence", TH, 6, 2, NT_INT, ROLE_NONE, 58, FWD_FAM_IPV6),
};

#define META(n, k, l, w, t, fl, role) \
	{ "meta", n, NIRK_META, 0, 0, l, w, k, t, fl, role, 0, 0 }
#define HOST NIRF_HOST
#define BARE NIRF_BARE

static const struct nir_field meta_fields[] = {
	META("l4proto", NFT_META_L4PROTO, 1, 1, NT_PROTO, 0, ROLE_L4PROTO),
	META("nfproto", NFT_META_NFPROTO, 1, 1, NT_NFPROTO, 0, ROLE_NFPROTO),
	META("protocol", NFT_META_PROTOCOL, 2, 2, NT_ETHERTYPE, 0, ROLE_ETHERTYPE),
	META("mark", NFT_META_MARK, 4, 4, NT_HEX, HOST, ROLE_NONE),
	META("length", NFT_META_LEN, 4, 4, NT_INT, HOST, ROLE_NONE),
	META("iif", NFT_META_IIF, 4, 16, NT_IFINDEX, HOST | BARE, ROLE_IIF),
	META("oif", NFT_META_OIF, 4, 16, NT_IFINDEX, HOST | BARE, ROLE_OIF),
	META("iifname", NFT_META_IIFNAME, 16, 16, NT_IFNAME, BARE, ROLE_IIF),
	META("oifname", NFT_META_OIFNAME, 16, 16, NT_IFNAME, BARE, ROLE_OIF),
	META("iifgroup", NFT_META_IIFGROUP, 4, 4, NT_INT, HOST | BARE, ROLE_NONE),
	META("oifgroup", NFT_META_OIFGROUP, 4, 4, NT_INT, HOST | BARE, ROLE_NONE),
	META("pkttype", NFT_META_PKTTYPE, 1, 1, NT_PKTTYPE, 0, ROLE_NONE),
	META("cpu", NFT_META_CPU, 4, 4, NT_INT, HOST, ROLE_NONE),
	META("nftrace", NFT_META_NFTRACE, 1, 1, NT_INT, 0, ROLE_NONE),
	META("cgroup", NFT_META_CGROUP, 4, 4, NT_INT, HOST, ROLE_NONE),
};

#define CT(n, k, l, w, t, fl, role) \
	{ "ct", n, NIRK_CT, 0, 0, l, w, k, t, fl, role, 0, 0 }

static const struct nir_field ct_fields[] = {
	CT("state", NFT_CT_STATE, 4, 4, NT_CTSTATE, HOST, ROLE_CTSTATE),
	CT("direction", NFT_CT_DIRECTION, 1, 1, NT_CTDIR, 0, ROLE_NONE),
	CT("mark", NFT_CT_MARK, 4, 4, NT_HEX, HOST, ROLE_NONE),
	CT("l3proto", NFT_CT_L3PROTOCOL, 1, 1, NT_NFPROTO, 0, ROLE_NONE),
	CT("protocol", NFT_CT_PROTOCOL, 1, 1, NT_PROTO, 0, ROLE_NONE),
	CT("zone", NFT_CT_ZONE, 2, 2, NT_INT, HOST, ROLE_NONE),
	CT("status", NFT_CT_STATUS, 4, 4, NT_CTSTATUS, HOST, ROLE_CTSTATUS),
};

/*
 * fib: a route lookup whose result (output interface, its name, or the
 * address type) the kernel puts in a register. One field per way nft
 * writes it: saddr or daddr, maybe mark, maybe iif or oif. "oif exists /
 * missing" sets NFTA_FIB_F_PRESENT and yields one byte, 1 or 0.
 */
#define SA NFTA_FIB_F_SADDR
#define DA NFTA_FIB_F_DADDR
#define MK NFTA_FIB_F_MARK
#define II NFTA_FIB_F_IIF
#define OI NFTA_FIB_F_OIF
#define FIB(fl, fs, res, rs, l, w, t, fla, role) \
	{ "fib", fs " " rs, NIRK_FIB, 0, fl, l, w, res, t, fla, role, 0, 0 }
#define FIB_ALL(a, an, ...) \
	FIB(a, an, __VA_ARGS__), \
	FIB(a | MK, an " . mark", __VA_ARGS__), \
	FIB(a | II, an " . iif", __VA_ARGS__), \
	FIB(a | MK | II, an " . mark . iif", __VA_ARGS__), \
	FIB(a | OI, an " . oif", __VA_ARGS__), \
	FIB(a | MK | OI, an " . mark . oif", __VA_ARGS__)
#define FIB_RESULT(...) \
	FIB_ALL(SA, "saddr", __VA_ARGS__), FIB_ALL(DA, "daddr", __VA_ARGS__)

static const struct nir_field fib_fields[] = {
	FIB_RESULT(NFT_FIB_RESULT_OIF, "oif", 4, 16, NT_IFINDEX, HOST,
		   ROLE_FIBOIF),
	FIB_RESULT(NFT_FIB_RESULT_OIFNAME, "oifname", 16, 16, NT_IFNAME, 0,
		   ROLE_FIBOIF),
	FIB_RESULT(NFT_FIB_RESULT_ADDRTYPE, "type", 4, 4, NT_ADDRTYPE, HOST,
		   ROLE_FIBTYPE),
};

static const struct nir_field fib_present_fields[] = {
	FIB_RESULT(NFT_FIB_RESULT_OIF, "oif", 1, 1, NT_BOOL, 0, ROLE_FIBOIF),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct nir_field *nir_field_by_name(const char *proto, const char *name)
{
	size_t i;

	if (strcmp(proto, "meta") == 0) {
		for (i = 0; i < N(meta_fields); i++)
			if (strcmp(meta_fields[i].name, name) == 0)
				return &meta_fields[i];
		return NULL;
	}
	if (strcmp(proto, "ct") == 0) {
		for (i = 0; i < N(ct_fields); i++)
			if (strcmp(ct_fields[i].name, name) == 0)
				return &ct_fields[i];
		return NULL;
	}
	for (i = 0; i < N(payload_fields); i++)
		if (strcmp(payload_fields[i].proto, proto) == 0 &&
		    strcmp(payload_fields[i].name, name) == 0)
			return &payload_fields[i];
	return NULL;
}

const struct nir_field *nir_field_meta(uint32_t key)
{
	size_t i;

	for (i = 0; i < N(meta_fields); i++)
		if (meta_fields[i].key == key)
			return &meta_fields[i];
	return NULL;
}

const struct nir_field *nir_field_ct(uint32_t key)
{
	size_t i;

	for (i = 0; i < N(ct_fields); i++)
		if (ct_fields[i].key == key)
			return &ct_fields[i];
	return NULL;
}

const struct nir_field *nir_field_fib(uint32_t flags, uint32_t result)
{
	const struct nir_field *t = fib_fields;
	size_t i, n = N(fib_fields);

	if (flags & NFTA_FIB_F_PRESENT) {
		t = fib_present_fields;
		n = N(fib_present_fields);
		flags &= ~(uint32_t)NFTA_FIB_F_PRESENT;
	}
	for (i = 0; i < n; i++)
		if (t[i].offset == flags && t[i].key == result)
			return &t[i];
	return NULL;
}

const struct nir_field *nir_field_payload(const char *proto, unsigned offset,
					  unsigned len)
{
	const struct nir_field *f = nir_field_at(proto, offset);

	return f && f->len == len ? f : NULL;
}

const struct nir_field *nir_field_at(const char *proto, unsigned offset)
{
	size_t i;

	for (i = 0; i < N(payload_fields); i++)
		if (payload_fields[i].offset == offset &&
		    strcmp(payload_fields[i].proto, proto) == 0)
			return &payload_fields[i];
	return NULL;
}

const char *nir_l4_header(uint8_t proto)
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	case 132: return "sctp";
	case 33: return "dccp";
	case 136: return "udplite";
	default: return NULL;
	}
}
