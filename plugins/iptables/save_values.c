/*
 * save_values.c — small value parsers of the iptables-save parser: ports
 * and port ranges (numbers or /etc/services names) and comma lists of
 * names (TCP flags, conntrack states, address types).
 */
#include <ctype.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "save_parse.h"

static int parse_port(const char *s, size_t n, const char *proto,
		      uint16_t *out)
{
	char buf[64];
	unsigned long v;
	struct servent se, *res = NULL;
	char sbuf[1024];

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (isdigit((unsigned char)buf[0])) {
		if (save_digits(buf, n, 65535, &v))
			return -1;
		*out = (uint16_t)v;
		return 0;
	}
	if (getservbyname_r(buf, proto ? proto : "tcp", &se, sbuf,
			    sizeof(sbuf), &res) != 0 || !res)
		return -1;
	*out = ntohs((uint16_t)res->s_port);
	return 0;
}

int save_parse_port_range(const char *s, const char *proto, uint16_t *lo,
			  uint16_t *hi, bool allow_range)
{
	const char *colon = strchr(s, ':');

	if (!colon || !allow_range) {
		if (parse_port(s, strlen(s), proto, lo))
			return -1;
		*hi = *lo;
		return 0;
	}
	if (colon == s)
		*lo = 0;
	else if (parse_port(s, (size_t)(colon - s), proto, lo))
		return -1;
	if (colon[1] == '\0')
		*hi = 65535;
	else if (parse_port(colon + 1, strlen(colon + 1), proto, hi))
		return -1;
	return *lo <= *hi ? 0 : -1;
}

long save_parse_name_list(const char *s, const struct name_bit *tab,
			    char *bad, size_t badlen)
{
	long bits = 0;

	while (*s) {
		size_t n = strcspn(s, ",");
		const struct name_bit *t;

		for (t = tab; t->name; t++)
			if (strlen(t->name) == n &&
			    strncasecmp(t->name, s, n) == 0)
				break;
		if (!t->name) {
			snprintf(bad, badlen, "%.*s", (int)n, s);
			return -1;
		}
		bits |= t->bit;
		s += n;
		if (*s == ',')
			s++;
	}
	return bits;
}
