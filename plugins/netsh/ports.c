/*
 * ports.c — the values both export forms share: port lists with Windows
 * keywords, address lists with Windows keywords, protocols.
 *
 * Everything that names a set we cannot know from the export (LocalSubnet,
 * dynamic RPC, PlayToDiscovery) becomes a restriction by name on the
 * rule, never a guess: the report then says "unresolved: RemoteIP
 * LocalSubnet" instead of claiming the port is open to everyone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"

bool nsh_ieq(const char *a, const char *b)
{
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++, b++;
	}
	return *a == *b;
}

bool nsh_iprefix(const char *s, const char *prefix)
{
	while (*prefix) {
		if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
		s++, prefix++;
	}
	return true;
}

char *nsh_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return s;
}

/* A bounded copy of a list value we can cut into tokens. */
static char *dup_value(const char *value, char *buf, size_t len)
{
	size_t n = strlen(value);

	if (n >= len)
		return NULL;
	memcpy(buf, value, n + 1);
	return buf;
}

/* 0..65535 from an all-digit token; -1 if not digits, -2 if too big. */
static long port_number(const char *s)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -2;
	}
	return v;
}

static bool is_word(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

struct port_kw {
	const char *name;
	uint16_t lo, hi;
	const char *note; /* restriction to record, NULL if exact */
};

/*
 * Keywords Windows accepts in port fields, as netsh prints them and as the
 * registry stores them (LPort2_10=IPHTTPSIn, ...).
 */
static const struct port_kw port_kws[] = {
	{ "RPC", 49152, 65535, "RPC (dynamic RPC)" },
	{ "RPC-EPMap", 135, 135, NULL },
	{ "IPHTTPS", 443, 443, NULL },
	{ "IPHTTPSIn", 443, 443, NULL },
	{ "IPHTTPSOut", 443, 443, NULL },
	{ "IPTLSIn", 443, 443, NULL },
	{ "IPTLSOut", 443, 443, NULL },
	{ "Teredo", 3544, 3544, NULL },
};

static const struct port_kw *port_keyword(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(port_kws) / sizeof(port_kws[0]); i++)
		if (nsh_ieq(s, port_kws[i].name))
			return &port_kws[i];
	return NULL;
}

/* Add lo-hi unless the match has that very range (IPTLSIn,IPHTTPSIn). */
static int add_range(struct nsh_parse *p, struct fwd_port_match *m,
		     uint16_t lo, uint16_t hi)
{
	uint32_t i;

	for (i = 0; i < m->n; i++)
		if (m->ranges[i].lo == lo && m->ranges[i].hi == hi)
			return 0;
	return fwd_port_match_add(p->rs, m, lo, hi);
}

int nsh_ports_parse(struct nsh_parse *p, struct nsh_rule *r,
		    struct fwd_port_match *m, const char *side,
		    const char *value, char *why, size_t whylen)
{
	char buf[4096], *tok, *save = NULL, *s;
	bool unknown_kw = false;

	if (!(s = dup_value(value, buf, sizeof(buf)))) {
		snprintf(why, whylen, "%s list is too long", side);
		return FWD_EINVAL;
	}
	s = nsh_trim(s);
	if (nsh_ieq(s, "Any"))
		return 0;
	if (!*s || s[strlen(s) - 1] == ',') {
		snprintf(why, whylen, "%s: empty port in '%s'", side, value);
		return FWD_EINVAL;
	}
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct port_kw *kw;
		char *dash;
		long lo, hi;

		tok = nsh_trim(tok);
		if ((kw = port_keyword(tok))) {
			if (add_range(p, m, kw->lo, kw->hi))
				return FWD_ENOMEM;
			if (kw->note &&
			    nsh_rule_opaque(r, fwd_sprintf(p->rs, "%s %s", side,
							   kw->note))) {
				snprintf(why, whylen, "too many restrictions");
				return FWD_EINVAL;
			}
			continue;
		}
		dash = strchr(tok, '-');
		if (dash && isdigit((unsigned char)tok[0])) {
			*dash = '\0';
			lo = port_number(nsh_trim(tok));
			hi = port_number(nsh_trim(dash + 1));
			*dash = '-';
		} else {
			lo = hi = port_number(tok);
		}
		if (lo == -2 || hi == -2) {
			snprintf(why, whylen,
				 "%s: port out of range in '%s' (expected 0-65535)",
				 side, tok);
			return FWD_EINVAL;
		}
		if (lo == -1 || hi == -1) {
			if (is_word(tok)) {
				unknown_kw = true;
				continue;
			}
			snprintf(why, whylen,
				 "%s: bad port '%s' (expected a port 0-65535, a "
				 "range LO-HI, a list, Any, or a keyword such as "
				 "RPC)", side, tok);
			return FWD_EINVAL;
		}
		if (lo > hi) {
			snprintf(why, whylen,
				 "%s: empty port range '%s' (expected LO-HI with "
				 "LO <= HI)", side, tok);
			return FWD_EINVAL;
		}
		if (add_range(p, m, (uint16_t)lo, (uint16_t)hi))
			return FWD_ENOMEM;
	}
	if (unknown_kw) {
		/* Which ports a keyword stands for is unknown: any port, but
		 * only for what Windows decides the keyword means. */
		m->ranges = NULL;
		m->n = 0;
		if (nsh_rule_opaque(r, fwd_sprintf(p->rs, "%s %s", side,
						   value))) {
			snprintf(why, whylen, "too many restrictions");
			return FWD_EINVAL;
		}
	}
	return 0;
}

/* "10.0.0.1-10.0.0.9": both ends plain addresses of one family. */
static int addr_range(struct nsh_parse *p, struct fwd_addr_match *m,
		      char *tok, char *dash, const char *side, char *why,
		      size_t whylen)
{
	struct fwd_prefix lo, hi;
	unsigned bytes;
	int bad;

	*dash = '\0';
	bad = strchr(tok, '/') || strchr(dash + 1, '/') ||
	      fwd_prefix_parse(nsh_trim(tok), &lo) ||
	      fwd_prefix_parse(nsh_trim(dash + 1), &hi) ||
	      lo.family != hi.family;
	*dash = '-';
	if (bad) {
		snprintf(why, whylen,
			 "%s: bad address range '%s' (expected A-B, two "
			 "addresses of one family)", side, tok);
		return FWD_EINVAL;
	}
	bytes = lo.family == FWD_IPV6 ? 16 : 4;
	if (memcmp(lo.addr, hi.addr, bytes) > 0) {
		snprintf(why, whylen,
			 "%s: empty address range '%s' (the first address must "
			 "not exceed the second)", side, tok);
		return FWD_EINVAL;
	}
	if (fwd_addr_match_add_range(p->rs, m, (enum fwd_family)lo.family,
				     lo.addr, hi.addr))
		return FWD_ENOMEM;
	return 0;
}

int nsh_addrs_parse(struct nsh_parse *p, struct nsh_rule *r,
		    struct fwd_addr_match *m, const char *side,
		    const char *value, char *why, size_t whylen)
{
	char buf[8192], *tok, *save = NULL, *s;
	bool keyword = false;
	int rc;

	if (!(s = dup_value(value, buf, sizeof(buf)))) {
		snprintf(why, whylen, "%s list is too long", side);
		return FWD_EINVAL;
	}
	s = nsh_trim(s);
	if (nsh_ieq(s, "Any") || nsh_ieq(s, "*"))
		return 0;
	if (!*s || s[strlen(s) - 1] == ',') {
		snprintf(why, whylen, "%s: empty address in '%s'", side, value);
		return FWD_EINVAL;
	}
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct fwd_prefix pf;
		char *dash;

		tok = nsh_trim(tok);
		if (is_word(tok) && !strchr(tok, ':')) {
			/* LocalSubnet, DNS, DHCP, WINS, DefaultGateway,
			 * Intranet, RmtIntranet, Internet, Ply2Renderers... */
			keyword = true;
			continue;
		}
		dash = strchr(tok, '-');
		if (dash) {
			if ((rc = addr_range(p, m, tok, dash, side, why, whylen)))
				return rc;
			continue;
		}
		if (fwd_prefix_parse(tok, &pf)) {
			snprintf(why, whylen,
				 "%s: bad address '%s' (expected an address, a "
				 "prefix, a range A-B, Any, or a keyword such as "
				 "LocalSubnet)", side, tok);
			return FWD_EINVAL;
		}
		if (fwd_addr_match_add(p->rs, m, &pf))
			return FWD_ENOMEM;
	}
	if (keyword) {
		/* A keyword is a set only Windows knows, and an address list
		 * is a union: keep the whole list as one restriction rather
		 * than narrowing the rule to the listed prefixes. */
		m->prefixes = NULL;
		m->n = 0;
		if (nsh_rule_opaque(r, fwd_sprintf(p->rs, "%s %s", side,
						   value))) {
			snprintf(why, whylen, "too many restrictions");
			return FWD_EINVAL;
		}
	}
	return 0;
}

struct proto_name {
	const char *name;
	int num;
};

static const struct proto_name protos[] = {
	{ "TCP", 6 }, { "UDP", 17 }, { "ICMPv4", 1 }, { "ICMPv6", 58 },
	{ "ICMP", 1 }, { "IGMP", 2 }, { "GRE", 47 }, { "IPv6", 41 },
	{ "HOPOPT", 0 }, { "IPv6-Route", 43 }, { "IPv6-Frag", 44 },
	{ "IPv6-NoNxt", 59 }, { "IPv6-Opts", 60 }, { "VRRP", 112 },
	{ "PGM", 113 }, { "L2TP", 115 },
};

int nsh_proto_parse(struct nsh_rule *r, const char *value, char *why,
		    size_t whylen)
{
	long n = -1;
	size_t i;

	r->families = FWD_FAM_ALL;
	r->proto = -1;
	if (nsh_ieq(value, "Any"))
		return 0;
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (nsh_ieq(value, protos[i].name))
			n = protos[i].num;
	if (n < 0) {
		n = port_number(value);
		if (n < 0 || n > 255) {
			snprintf(why, whylen,
				 "Protocol: bad protocol '%s' (expected TCP, UDP, "
				 "ICMPv4, ICMPv6, Any or a number 0-255)", value);
			return FWD_EINVAL;
		}
	}
	r->proto = (int)n;
	if (n == 1)
		r->families = FWD_FAM_IPV4;
	else if (n == 58)
		r->families = FWD_FAM_IPV6;
	return 0;
}
