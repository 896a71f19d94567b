/*
 * types.c — values of the fields in fields.c: from kernel register data,
 * from the words `nft -j` writes, and back to the words `nft list` prints.
 * Both input paths go through here so that "tcp", 6 and 0x06 all become
 * the same scalar and print the same way.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nir.h"

struct sym {
	const char *name;
	unsigned value;
};

static const struct sym protos[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 },
	{ "dccp", 33 }, { "ipv6", 41 }, { "gre", 47 }, { "esp", 50 },
	{ "ah", 51 }, { "ipv6-icmp", 58 }, { "sctp", 132 },
	{ "udplite", 136 }, { "icmpv6", 58 }, { NULL, 0 },
};

static const struct sym ctstates[] = {
	{ "invalid", 1 }, { "established", 2 }, { "related", 4 },
	{ "new", 8 }, { "untracked", 64 }, { NULL, 0 },
};

static const struct sym ctstatus[] = {
	{ "expected", 0x001 }, { "seen-reply", 0x002 }, { "assured", 0x004 },
	{ "confirmed", 0x008 }, { "snat", 0x010 }, { "dnat", 0x020 },
	{ "dying", 0x200 }, { NULL, 0 },
};

static const struct sym booleans[] = {
	{ "missing", 0 }, { "exists", 1 }, { NULL, 0 },
};

/* RTN_* route types, as fib ... type yields them */
static const struct sym addrtypes[] = {
	{ "unspec", 0 }, { "unicast", 1 }, { "local", 2 }, { "broadcast", 3 },
	{ "anycast", 4 }, { "multicast", 5 }, { "blackhole", 6 },
	{ "unreachable", 7 }, { "prohibit", 8 }, { "throw", 9 }, { "nat", 10 },
	{ "xresolve", 11 }, { NULL, 0 },
};

static const struct sym tcpflags[] = {
	{ "fin", 0x01 }, { "syn", 0x02 }, { "rst", 0x04 }, { "psh", 0x08 },
	{ "ack", 0x10 }, { "urg", 0x20 }, { "ecn", 0x40 }, { "cwr", 0x80 },
	{ NULL, 0 },
};

static const struct sym ctdirs[] = {
	{ "original", 0 }, { "reply", 1 }, { NULL, 0 },
};

static const struct sym nfprotos[] = {
	{ "ipv4", 2 }, { "ipv6", 10 }, { NULL, 0 },
};

static const struct sym ethertypes[] = {
	{ "ip", 0x0800 }, { "arp", 0x0806 }, { "ip6", 0x86dd },
	{ "vlan", 0x8100 }, { NULL, 0 },
};

static const struct sym pkttypes[] = {
	{ "host", 0 }, { "broadcast", 1 }, { "multicast", 2 },
	{ "other", 3 }, { NULL, 0 },
};

static const struct sym icmp_types[] = {
	{ "echo-reply", 0 }, { "destination-unreachable", 3 },
	{ "source-quench", 4 }, { "redirect", 5 }, { "echo-request", 8 },
	{ "router-advertisement", 9 }, { "router-solicitation", 10 },
	{ "time-exceeded", 11 }, { "parameter-problem", 12 },
	{ "timestamp-request", 13 }, { "timestamp-reply", 14 },
	{ "info-request", 15 }, { "info-reply", 16 },
	{ "address-mask-request", 17 }, { "address-mask-reply", 18 },
	{ NULL, 0 },
};

static const struct sym icmpv6_types[] = {
	{ "destination-unreachable", 1 }, { "packet-too-big", 2 },
	{ "time-exceeded", 3 }, { "parameter-problem", 4 },
	{ "echo-request", 128 }, { "echo-reply", 129 },
	{ "mld-listener-query", 130 }, { "mld-listener-report", 131 },
	{ "mld-listener-done", 132 }, { "mld-listener-reduction", 132 },
	{ "nd-router-solicit", 133 }, { "nd-router-advert", 134 },
	{ "nd-neighbor-solicit", 135 }, { "nd-neighbor-advert", 136 },
	{ "nd-redirect", 137 }, { "router-renumbering", 138 },
	{ "ind-neighbor-solicit", 141 }, { "ind-neighbor-advert", 142 },
	{ "mld2-listener-report", 143 }, { NULL, 0 },
};

static const struct sym *sym_table(enum nir_type t)
{
	switch (t) {
	case NT_PROTO: return protos;
	case NT_CTSTATE: return ctstates;
	case NT_CTSTATUS: return ctstatus;
	case NT_BOOL: return booleans;
	case NT_ADDRTYPE: return addrtypes;
	case NT_TCPFLAGS: return tcpflags;
	case NT_CTDIR: return ctdirs;
	case NT_NFPROTO: return nfprotos;
	case NT_ETHERTYPE: return ethertypes;
	case NT_PKTTYPE: return pkttypes;
	case NT_ICMP_TYPE: return icmp_types;
	case NT_ICMPV6_TYPE: return icmpv6_types;
	default: return NULL;
	}
}

static bool is_bitmask(enum nir_type t)
{
	return t == NT_CTSTATE || t == NT_TCPFLAGS || t == NT_CTSTATUS;
}

uint64_t nir_scalar_uint(const struct nir_field *f, const struct nir_scalar *s)
{
	uint64_t v = 0;
	unsigned i, w = f->width > 8 ? 8 : f->width;

	for (i = 0; i < w; i++)
		v = (v << 8) | s->b[i];
	return v;
}

void nir_scalar_set_uint(const struct nir_field *f, struct nir_scalar *s,
			 uint64_t v)
{
	unsigned i, w = f->width > 8 ? 8 : f->width;

	memset(s, 0, sizeof(*s));
	for (i = w; i > 0; i--) {
		s->b[i - 1] = (uint8_t)v;
		v >>= 8;
	}
}

int nir_scalar_cmp(const struct nir_field *f, const struct nir_scalar *a,
		   const struct nir_scalar *b)
{
	return memcmp(a->b, b->b, f->width);
}

static uint64_t host_uint(const uint8_t *p, size_t len)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (len) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	case 8: memcpy(&u64, p, 8); return u64;
	default: return 0;
	}
}

static void set_name(struct nir_scalar *s, const char *name)
{
	size_t n = strnlen(name, NIR_SCALAR_LEN - 1);

	memset(s, 0, sizeof(*s));
	memcpy(s->b, name, n);
}

int nir_scalar_from_data(const struct nir_field *f, const void *data,
			 size_t len, struct nir_scalar *out)
{
	memset(out, 0, sizeof(*out));
	if (f->type == NT_IFINDEX) {
		char name[IF_NAMESIZE + 1];
		unsigned idx;

		if (len != 4)
			return -1;
		idx = (unsigned)host_uint(data, 4);
		if (if_indextoname(idx, name))
			set_name(out, name);
		else {
			snprintf(name, sizeof(name), "%u", idx);
			set_name(out, name);
		}
		return 0;
	}
	if (f->type == NT_BOOL && len >= 1 && len <= 4) {
		/* the kernel stores one byte and clears the rest of the
		 * register; nft compares one byte or the whole word */
		const uint8_t *b = data;
		size_t i;

		for (i = 1; i < len; i++)
			if (b[i])
				return -1;
		out->b[0] = b[0];
		return 0;
	}
	if (len > f->width)
		return -1;
	if (f->flags & NIRF_HOST) {
		if (len != f->width)
			return -1;
		nir_scalar_set_uint(f, out, host_uint(data, len));
		return 0;
	}
	memcpy(out->b, data, len);
	return 0;
}

static bool lookup_sym(const struct sym *t, const char *s, unsigned *v)
{
	for (; t && t->name; t++)
		if (strcmp(t->name, s) == 0) {
			*v = t->value;
			return true;
		}
	return false;
}

static bool parse_uint(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return false;
	*v = strtoull(s, &end, 0);
	return *end == '\0';
}

int nir_range_from_uint(const struct nir_field *f, uint64_t v,
			struct nir_range *out)
{
	char buf[32];

	if (f->type == NT_IFINDEX) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
		set_name(&out->lo, buf);
		out->hi = out->lo;
		return 0;
	}
	if (f->type == NT_IPV4 || f->type == NT_IPV6 || f->type == NT_IFNAME)
		return -1;
	if (f->width < 8 && v >> (8 * f->width))
		return -1;
	nir_scalar_set_uint(f, &out->lo, v);
	out->hi = out->lo;
	return 0;
}

static int addr_from_text(const struct nir_field *f, const char *s,
			  struct nir_range *out)
{
	int af = f->type == NT_IPV4 ? AF_INET : AF_INET6;
	unsigned w = f->width, plen = w * 8, i;
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if (slash) {
		uint64_t l;

		buf[slash - s] = '\0';
		if (!parse_uint(slash + 1, &l) || l > plen)
			return -1;
		plen = (unsigned)l;
	}
	memset(out, 0, sizeof(*out));
	if (inet_pton(af, buf, out->lo.b) != 1)
		return -1;
	out->hi = out->lo;
	for (i = plen; i < w * 8; i++) {
		out->lo.b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
		out->hi.b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	}
	return 0;
}

static int ifname_from_text(const char *s, struct nir_range *out)
{
	size_t n = strlen(s);

	if (n >= NIR_SCALAR_LEN)
		return -1;
	memset(out, 0, sizeof(*out));
	if (n && s[n - 1] == '*' && (n < 2 || s[n - 2] != '\\')) {
		memcpy(out->lo.b, s, n - 1);
		memcpy(out->hi.b, s, n - 1);
		memset(out->hi.b + n - 1, 0xff, NIR_SCALAR_LEN - (n - 1));
		return 0;
	}
	memcpy(out->lo.b, s, n);
	out->hi = out->lo;
	return 0;
}

static int bits_from_text(const struct nir_field *f, const char *s,
			  uint64_t *v)
{
	char buf[256], *tok, *save = NULL;
	unsigned b;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	*v = 0;
	for (tok = strtok_r(buf, ",| ", &save); tok;
	     tok = strtok_r(NULL, ",| ", &save)) {
		uint64_t n;

		if (lookup_sym(sym_table(f->type), tok, &b))
			*v |= b;
		else if (parse_uint(tok, &n))
			*v |= n;
		else
			return -1;
	}
	return 0;
}

int nir_range_from_text(const struct nir_field *f, const char *s,
			struct nir_range *out)
{
	uint64_t v;
	unsigned sv;

	switch (f->type) {
	case NT_IPV4:
	case NT_IPV6:
		return addr_from_text(f, s, out);
	case NT_IFNAME:
		return ifname_from_text(s, out);
	case NT_IFINDEX:
		if (strlen(s) >= NIR_SCALAR_LEN)
			return -1;
		set_name(&out->lo, s);
		out->hi = out->lo;
		return 0;
	case NT_CTSTATE:
	case NT_CTSTATUS:
	case NT_TCPFLAGS:
		if (bits_from_text(f, s, &v))
			return -1;
		return nir_range_from_uint(f, v, out);
	case NT_PORT:
		if (parse_uint(s, &v))
			return nir_range_from_uint(f, v, out);
		{
			struct servent *se = getservbyname(s, NULL);

			if (!se)
				return -1;
			return nir_range_from_uint(f, ntohs((uint16_t)se->s_port),
						   out);
		}
	case NT_PROTO:
		if (parse_uint(s, &v))
			return nir_range_from_uint(f, v, out);
		if (lookup_sym(protos, s, &sv))
			return nir_range_from_uint(f, sv, out);
		{
			struct protoent *pe = getprotobyname(s);

			if (!pe)
				return -1;
			return nir_range_from_uint(f, (uint64_t)pe->p_proto, out);
		}
	default:
		if (lookup_sym(sym_table(f->type), s, &sv))
			return nir_range_from_uint(f, sv, out);
		if (parse_uint(s, &v))
			return nir_range_from_uint(f, v, out);
		return -1;
	}
}

int nir_range_prefix(const struct nir_field *f, const struct nir_range *r)
{
	unsigned i = f->width, t = 0;
	uint8_t lo, hi;

	if (f->type != NT_IPV4 && f->type != NT_IPV6)
		return -1;
	/* Trailing bits: lo 0 and hi 1 from the prefix length on, whole
	 * bytes first (this prints every address of every rule). */
	while (i > 0 && r->lo.b[i - 1] == 0 && r->hi.b[i - 1] == 0xff)
		i--;
	if (i == 0)
		return 0;
	lo = r->lo.b[i - 1];
	hi = r->hi.b[i - 1];
	while (t < 8 && !((lo >> t) & 1) && ((hi >> t) & 1))
		t++;
	/* equal before */
	if (((lo ^ hi) >> t) != 0 || memcmp(r->lo.b, r->hi.b, i - 1) != 0)
		return -1;
	return (int)(i * 8 - t);
}

const char *nir_proto_name(uint8_t proto)
{
	const struct sym *s;

	for (s = protos; s->name; s++)
		if (s->value == proto)
			return s->name;
	return NULL;
}

static void print_sym(struct strbuf *sb, enum nir_type t, uint64_t v)
{
	const struct sym *s;

	for (s = sym_table(t); s && s->name; s++)
		if (s->value == v) {
			sb_add(sb, s->name);
			return;
		}
	sb_addu(sb, v);
}

static void print_bits(struct strbuf *sb, enum nir_type t, uint64_t v,
		       const char *sep)
{
	const struct sym *s;
	bool first = true;

	if (v == 0) {
		sb_add(sb, "0x0");
		return;
	}
	for (s = sym_table(t); s && s->name; s++)
		if (v & s->value) {
			sb_addf(sb, "%s%s", first ? "" : sep, s->name);
			first = false;
			v &= ~(uint64_t)s->value;
		}
	if (v)
		sb_addf(sb, "%s0x%llx", first ? "" : sep, (unsigned long long)v);
}

void nir_scalar_print(struct strbuf *sb, const struct nir_field *f,
		      const struct nir_scalar *s)
{
	char buf[INET6_ADDRSTRLEN];
	uint64_t v;

	switch (f->type) {
	case NT_IPV4:
		/* inet_ntop formats IPv4 through sprintf */
		for (v = 0; v < 4; v++) {
			if (v)
				sb_addc(sb, '.');
			sb_addu(sb, s->b[v]);
		}
		return;
	case NT_IPV6:
		inet_ntop(AF_INET6, s->b, buf, sizeof(buf));
		sb_add(sb, buf);
		return;
	case NT_IFINDEX:
		/* an index with no interface (fib ... oif 0): nft prints it
		 * as a number */
		if (s->b[0] && strspn((const char *)s->b, "0123456789") ==
			       strnlen((const char *)s->b, NIR_SCALAR_LEN)) {
			sb_addf(sb, "%.*s", NIR_SCALAR_LEN, (const char *)s->b);
			return;
		}
		/* fall through */
	case NT_IFNAME:
		sb_addf(sb, "\"%.*s\"", NIR_SCALAR_LEN, (const char *)s->b);
		return;
	default:
		break;
	}
	v = nir_scalar_uint(f, s);
	switch (f->type) {
	case NT_HEX:
		sb_addf(sb, "0x%0*llx", (int)f->width * 2, (unsigned long long)v);
		break;
	case NT_CTSTATE:
	case NT_CTSTATUS:
	case NT_TCPFLAGS:
		print_bits(sb, f->type, v, ",");
		break;
	case NT_PROTO:
		if (nir_proto_name((uint8_t)v) && v != 58)
			sb_add(sb, nir_proto_name((uint8_t)v));
		else if (v == 58)
			sb_add(sb, "ipv6-icmp");
		else
			sb_addu(sb, v);
		break;
	case NT_INT:
	case NT_PORT:
		sb_addu(sb, v);
		break;
	default:
		print_sym(sb, f->type, v);
		break;
	}
}

void nir_mask_print(struct strbuf *sb, const struct nir_field *f,
		    const struct nir_scalar *s)
{
	uint64_t v = nir_scalar_uint(f, s);

	if (is_bitmask(f->type) && (v & (v - 1))) {
		sb_add(sb, "(");
		print_bits(sb, f->type, v, " | ");
		sb_add(sb, ")");
	} else {
		nir_scalar_print(sb, f, s);
	}
}

const char *nir_ifname(struct pool *p, const struct nir_range *r)
{
	unsigned i, n;
	char buf[NIR_SCALAR_LEN + 2];

	if (memcmp(&r->lo, &r->hi, sizeof(r->lo)) == 0)
		return pool_strndup(p, (const char *)r->lo.b,
				    strnlen((const char *)r->lo.b,
					    NIR_SCALAR_LEN));
	n = (unsigned)strnlen((const char *)r->lo.b, NIR_SCALAR_LEN);
	if (memcmp(r->lo.b, r->hi.b, n) != 0)
		return NULL;
	for (i = n; i < NIR_SCALAR_LEN; i++)
		if (r->lo.b[i] != 0 || r->hi.b[i] != 0xff)
			return NULL;
	memcpy(buf, r->lo.b, n);
	buf[n] = '*';
	buf[n + 1] = '\0';
	return pool_strdup(p, buf);
}

void nir_range_print(struct strbuf *sb, const struct nir_field *f,
		     const struct nir_range *r)
{
	int plen;

	if (memcmp(r->lo.b, r->hi.b, NIR_SCALAR_LEN) == 0) {
		nir_scalar_print(sb, f, &r->lo);
		return;
	}
	if (f->type == NT_IFNAME || f->type == NT_IFINDEX) {
		unsigned n = (unsigned)strnlen((const char *)r->lo.b,
					       NIR_SCALAR_LEN), i;
		bool wild = memcmp(r->lo.b, r->hi.b, n) == 0;

		for (i = n; wild && i < NIR_SCALAR_LEN; i++)
			wild = r->lo.b[i] == 0 && r->hi.b[i] == 0xff;
		if (wild) {
			sb_addf(sb, "\"%.*s*\"", (int)n, (const char *)r->lo.b);
			return;
		}
	}
	plen = nir_range_prefix(f, r);
	if (plen >= 0) {
		nir_scalar_print(sb, f, &r->lo);
		sb_addc(sb, '/');
		sb_addu(sb, (uint64_t)plen);
		return;
	}
	nir_scalar_print(sb, f, &r->lo);
	sb_add(sb, "-");
	nir_scalar_print(sb, f, &r->hi);
}
