/*
 * save_addr.c — the addresses of -s / -d: "A.B.C.D" or IPv6, each with an
 * optional /LEN or /MASK, as iptables-restore accepts them (host names are
 * not resolved). A kube node's dump has one on nearly every rule, so the
 * common dotted quad and /LEN are read by hand; every other form goes
 * through inet_pton, which the hand-read forms agree with.
 */
#include <arpa/inet.h>
#include <string.h>

#include "save_parse.h"

int save_digits(const char *s, size_t n, unsigned long max,
		unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/* Four decimal parts of 0-255, no leading zero: what inet_pton takes. */
static int dotted_quad(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return -1;
		out[part] = (uint8_t)v;
		if (part < 3 && (i == n || s[i++] != '.'))
			return -1;
	}
	return i == n ? 0 : -1;
}

static int pton(enum fwd_family fam, const char *s, size_t n, uint8_t *out)
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (fam == FWD_IPV4 && dotted_quad(s, n, out) == 0)
		return 0;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(fam == FWD_IPV6 ? AF_INET6 : AF_INET, buf, out) == 1
		       ? 0 : -1;
}

int save_parse_addr(enum fwd_family fam, const char *s, size_t n,
		    struct save_addr *am)
{
	unsigned bytes = fam == FWD_IPV6 ? 16 : 4;
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	unsigned long len = bytes * 8;

	memset(am, 0, sizeof(*am));
	if (alen == 0 || pton(fam, s, alen, am->addr))
		return -1;
	if (slash) {
		const char *m = slash + 1;
		size_t mlen = n - alen - 1;

		/* a netmask has the dots (colons) that a length has not */
		if (memchr(m, fam == FWD_IPV6 ? ':' : '.', mlen) &&
		    pton(fam, m, mlen, am->mask) == 0)
			return 0;
		if (save_digits(m, mlen, bytes * 8, &len))
			return -1;
	}
	memset(am->mask, 0xff, len / 8);
	if (len % 8)
		am->mask[len / 8] = (uint8_t)(0xff00u >> (len % 8));
	return 0;
}
