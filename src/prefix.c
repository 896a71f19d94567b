/*
 * prefix.c — address prefixes: parsing ("10.0.0.0/8", "::1",
 * "10.0.0.0/255.0.0.0") and splitting address ranges into prefixes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include <fwdrift/model.h>

#include "model_dump.h"

static void clear_host_bits(struct fwd_prefix *p)
{
	unsigned bytes = p->family == FWD_IPV6 ? 16 : 4;
	unsigned i;

	for (i = 0; i < bytes; i++) {
		unsigned keep = p->len > i * 8 ? p->len - i * 8 : 0;

		if (keep >= 8)
			continue;
		p->addr[i] &= (uint8_t)(0xff00u >> keep);
	}
}

/* A dotted netmask must be contiguous ones; returns its length or -1. */
static int netmask_len(const char *s)
{
	struct in_addr m;
	uint32_t v;
	int len = 0;

	if (inet_pton(AF_INET, s, &m) != 1)
		return -1;
	v = ntohl(m.s_addr);
	while (v & 0x80000000u) {
		len++;
		v <<= 1;
	}
	return v ? -1 : len;
}

int fwd_prefix_parse(const char *s, struct fwd_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	long len;

	memset(p, 0, sizeof(*p));
	if (alen == 0 || alen >= sizeof(buf))
		return FWD_EINVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, p->addr) == 1) {
		p->family = FWD_IPV4;
		len = 32;
	} else if (inet_pton(AF_INET6, buf, p->addr) == 1) {
		p->family = FWD_IPV6;
		len = 128;
	} else {
		return FWD_EINVAL;
	}
	if (slash) {
		char *end;
		long max = len;

		if (!slash[1])
			return FWD_EINVAL;
		if (p->family == FWD_IPV4 && strchr(slash + 1, '.')) {
			len = netmask_len(slash + 1);
			if (len < 0)
				return FWD_EINVAL;
		} else {
			len = strtol(slash + 1, &end, 10);
			if (*end || len < 0 || len > max)
				return FWD_EINVAL;
		}
	}
	p->len = (uint8_t)len;
	clear_host_bits(p);
	return 0;
}

typedef unsigned __int128 u128;

static u128 load(enum fwd_family fam, const uint8_t *a)
{
	unsigned n = fam == FWD_IPV6 ? 16 : 4;
	u128 v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v = (v << 8) | a[i];
	return v;
}

static void store(enum fwd_family fam, u128 v, uint8_t *a)
{
	unsigned n = fam == FWD_IPV6 ? 16 : 4;
	unsigned i;

	for (i = n; i-- > 0;) {
		a[i] = (uint8_t)v;
		v >>= 8;
	}
}

int fwd_addr_match_add_range(struct fwd_ruleset *rs, struct fwd_addr_match *m,
			     enum fwd_family fam, const uint8_t *lo,
			     const uint8_t *hi)
{
	unsigned bits = fam == FWD_IPV6 ? 128 : 32;
	u128 a = load(fam, lo), b = load(fam, hi);

	if (a > b)
		return FWD_EINVAL;
	for (;;) {
		struct fwd_prefix p = { .family = (uint8_t)fam };
		unsigned size = 0; /* log2 of the block */
		int rc;

		/* Largest aligned block starting at a that stays within b. */
		while (size < bits && size + 1 < 128) {
			u128 block = (u128)1 << (size + 1);

			if ((a & (block - 1)) != 0 || a + block - 1 > b)
				break;
			size++;
		}
		if (size == bits - 1 && a == 0 && b == (bits == 128 ? ~(u128)0
						       : (((u128)1 << bits) - 1)))
			size = bits;
		p.len = (uint8_t)(bits - size);
		store(fam, a, p.addr);
		rc = fwd_addr_match_add(rs, m, &p);
		if (rc)
			return rc;
		if (size == bits)
			return 0;
		a += (u128)1 << size;
		if (a - 1 >= b || a == 0)
			return 0;
	}
}

const char *prefix_format(const struct fwd_prefix *p, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned full = p->family == FWD_IPV6 ? 128 : 32;

	inet_ntop(p->family == FWD_IPV6 ? AF_INET6 : AF_INET, p->addr, addr,
		  sizeof(addr));
	if (p->len == full)
		snprintf(buf, len, "%s", addr);
	else
		snprintf(buf, len, "%s/%u", addr, p->len);
	return buf;
}
