/*
 * xt_decode.c — xtables info structs → struct fwd_rule (see xt_decode.h).
 *
 * Every decision about what a match means for "a new connection to port
 * P" lives here: ports, conntrack states, SYN tests, address ranges. When
 * a match narrows the rule in a way the model cannot say, it becomes an
 * opaque match named as iptables prints it; it is never dropped, because a
 * dropped narrowing would make an accept look wider than it is.
 *
 * Must stay free of libiptc and libxtables: the nftables reader links it
 * for iptables-nft compat expressions.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_rpfilter.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_CT.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "xt_decode.h"

#define TCP_FIN 0x01u
#define TCP_SYN 0x02u
#define TCP_RST 0x04u
#define TCP_PSH 0x08u
#define TCP_ACK 0x10u
#define TCP_URG 0x20u
#define TCP_ECE 0x40u
#define TCP_CWR 0x80u

/* ------------------------------------------------------------------ */
/* IP header part                                                      */
/* ------------------------------------------------------------------ */

int xtd_mask_prefix_len(const uint8_t *mask, unsigned bytes)
{
	unsigned i = 0, len;
	uint8_t m;

	while (i < bytes && mask[i] == 0xff)
		i++;
	len = i * 8;
	if (i == bytes)
		return (int)len;
	m = mask[i];
	if ((uint8_t)~m & (uint8_t)(~m + 1))
		return -1; /* ones after a zero within the byte */
	while (m & 0x80u) {
		len++;
		m = (uint8_t)(m << 1);
	}
	while (++i < bytes)
		if (mask[i])
			return -1;
	return (int)len;
}

int xtd_addr(struct fwd_ruleset *rs, struct fwd_rule *r,
	     struct fwd_addr_match *m, enum fwd_family fam,
	     const uint8_t *addr, const uint8_t *mask, bool invert,
	     const char *opt)
{
	unsigned bytes = fam == FWD_IPV6 ? 16 : 4;
	int af = fam == FWD_IPV6 ? AF_INET6 : AF_INET;
	int len = xtd_mask_prefix_len(mask, bytes);
	struct fwd_prefix p;
	unsigned i;

	if (len == 0 && !invert)
		return 0;
	if (len < 0) {
		char a[INET6_ADDRSTRLEN], k[INET6_ADDRSTRLEN];
		const char *name;

		inet_ntop(af, addr, a, sizeof(a));
		inet_ntop(af, mask, k, sizeof(k));
		name = fwd_sprintf(rs, "%s%s %s/%s", invert ? "! " : "", opt,
				   a, k);
		return name ? fwd_rule_add_opaque(rs, r, name) : FWD_ENOMEM;
	}
	memset(&p, 0, sizeof(p));
	p.family = (uint8_t)fam;
	p.len = (uint8_t)len;
	for (i = 0; i < bytes; i++)
		p.addr[i] = addr[i] & mask[i];
	if (m->n > 0 && m->negate != invert) {
		const char *name = fwd_sprintf(rs, "%s%s", invert ? "! " : "",
					       opt);
		return name ? fwd_rule_add_opaque(rs, r, name) : FWD_ENOMEM;
	}
	m->negate = invert;
	return fwd_addr_match_add(rs, m, &p);
}

int xtd_iface(struct fwd_ruleset *rs, struct fwd_iface_match *m,
	      const char *name, const unsigned char *mask, bool invert)
{
	char buf[IFNAMSIZ + 2];
	size_t n = 0;

	while (n < IFNAMSIZ && mask[n])
		n++;
	if (n == 0) {
		/* "-i +": every interface. Inverted it matches none. */
		if (!invert)
			return 0;
		m->negate = true;
		return fwd_iface_match_add(rs, m, "*");
	}
	if (n > IFNAMSIZ)
		n = IFNAMSIZ;
	memcpy(buf, name, n);
	buf[n] = '\0';
	/* The mask covers the name's NUL for an exact name; a wildcard's
	 * mask ends on its last character. */
	if (n < IFNAMSIZ && name[n - 1] != '\0') {
		buf[n] = '*';
		buf[n + 1] = '\0';
	}
	m->negate = invert;
	return fwd_iface_match_add(rs, m, buf);
}

int xtd_proto(struct fwd_ruleset *rs, struct fwd_rule *r, uint8_t proto,
	      bool invert)
{
	if (proto == 0)
		return 0;
	r->proto.negate = invert;
	return fwd_proto_match_add(rs, &r->proto, proto);
}

void xtd_ct_and(struct fwd_ct_match *ct, uint8_t states, bool negate)
{
	uint8_t add = negate ? (uint8_t)(XTD_CT_ALL & ~states)
			     : (uint8_t)(states & XTD_CT_ALL);
	uint8_t old = ct->states == 0 ? XTD_CT_ALL
		      : ct->negate   ? (uint8_t)(XTD_CT_ALL & ~ct->states)
				     : ct->states;
	uint8_t both = old & add;

	if (both == XTD_CT_ALL) {
		ct->states = 0;
		ct->negate = false;
	} else if (both == 0) {
		ct->states = XTD_CT_ALL; /* "in no state": matches nothing */
		ct->negate = true;
	} else if (old == XTD_CT_ALL) {
		ct->states = states & XTD_CT_ALL; /* keep the source's form */
		ct->negate = negate;
	} else {
		ct->states = both;
		ct->negate = false;
	}
}

/* ------------------------------------------------------------------ */
/* Matches                                                             */
/* ------------------------------------------------------------------ */

static int opaque(struct fwd_ruleset *rs, struct fwd_rule *r,
		  const char *fmt, const char *a, const char *b)
{
	const char *name = fwd_sprintf(rs, fmt, a, b ? b : "");

	return name ? fwd_rule_add_opaque(rs, r, name) : FWD_ENOMEM;
}

/*
 * A port range [lo, hi] (inverted when inv). A second port condition on
 * the same field would need an intersection the model has no room for,
 * so it becomes opaque instead.
 */
static int set_ports(struct fwd_ruleset *rs, struct fwd_rule *r,
		     struct fwd_port_match *m, uint16_t lo, uint16_t hi,
		     bool inv, const char *shown, const char *opt)
{
	if (lo > hi) { /* never true; inverted always true */
		if (inv)
			return 0;
		lo = 0, hi = 65535, inv = true;
	} else if (lo == 0 && hi == 65535 && !inv) {
		return 0;
	}
	if (m->n > 0)
		return opaque(rs, r, "-m %s %s", shown, opt);
	m->negate = inv;
	return fwd_port_match_add(rs, m, lo, hi);
}

/*
 * TCP flag test (flags & mask) == cmp, inverted when inv. A test that
 * selects a bare SYN is "the first packet of a new connection"; a test
 * that no connection-opening SYN (with or without ECN bits) can pass
 * cannot match a new connection at all; anything else is opaque.
 */
static int tcp_flags(struct fwd_ruleset *rs, struct fwd_rule *r,
		     uint8_t mask, uint8_t cmp, bool inv, const char *shown)
{
	const uint8_t syn_plain = TCP_SYN, syn_ecn = TCP_SYN | TCP_ECE | TCP_CWR;
	bool plain = ((syn_plain & mask) == cmp) != inv;
	bool ecn = ((syn_ecn & mask) == cmp) != inv;

	if (mask == 0 && !inv)
		return 0;
	if (!inv && cmp == TCP_SYN && (mask & TCP_SYN) &&
	    !(mask & (TCP_ECE | TCP_CWR))) {
		xtd_ct_and(&r->ct, FWD_CT_NEW, false);
		return 0;
	}
	if (inv && cmp == TCP_SYN && (mask & TCP_SYN) && (mask & TCP_ACK) &&
	    !(mask & (TCP_ECE | TCP_CWR))) {
		/* "! --syn": every packet but the one opening a connection */
		xtd_ct_and(&r->ct, FWD_CT_NEW, true);
		return 0;
	}
	if (!plain && !ecn) {
		/* Cannot see a connection's first packet; still only some
		 * of the others, so also opaque. */
		xtd_ct_and(&r->ct, FWD_CT_NEW, true);
	}
	return opaque(rs, r, "-m %s --tcp-flags", shown, NULL);
}

static int dec_tcp(struct fwd_ruleset *rs, struct fwd_rule *r,
		   const struct xt_tcp *t, const char *shown)
{
	int rc;

	if ((rc = set_ports(rs, r, &r->sport, t->spts[0], t->spts[1],
			    t->invflags & XT_TCP_INV_SRCPT, shown, "--sport")) ||
	    (rc = set_ports(rs, r, &r->dport, t->dpts[0], t->dpts[1],
			    t->invflags & XT_TCP_INV_DSTPT, shown, "--dport")))
		return rc;
	if ((t->flg_mask || (t->invflags & XT_TCP_INV_FLAGS)) &&
	    (rc = tcp_flags(rs, r, t->flg_mask, t->flg_cmp,
			    t->invflags & XT_TCP_INV_FLAGS, shown)))
		return rc;
	if (t->option || (t->invflags & XT_TCP_INV_OPTION))
		return opaque(rs, r, "-m %s --tcp-option", shown, NULL);
	return 0;
}

static int dec_udp(struct fwd_ruleset *rs, struct fwd_rule *r,
		   const struct xt_udp *u, const char *shown)
{
	int rc = set_ports(rs, r, &r->sport, u->spts[0], u->spts[1],
			   u->invflags & XT_UDP_INV_SRCPT, shown, "--sport");

	return rc ? rc : set_ports(rs, r, &r->dport, u->dpts[0], u->dpts[1],
				   u->invflags & XT_UDP_INV_DSTPT, shown,
				   "--dport");
}

static int dec_multiport(struct fwd_ruleset *rs, struct fwd_rule *r,
			 uint8_t flags, uint8_t count, const uint16_t *ports,
			 const uint8_t *pflags, bool invert, const char *shown)
{
	struct fwd_port_match *m;
	unsigned i;
	int rc;

	if (count > XT_MULTI_PORTS)
		return FWD_EINVAL;
	if (flags == XT_MULTIPORT_EITHER)
		/* dport in S or sport in S: a disjunction, not one field */
		return opaque(rs, r, "-m %s %s--ports", shown,
			      invert ? "! " : "");
	m = flags == XT_MULTIPORT_SOURCE ? &r->sport : &r->dport;
	if (m->n > 0)
		return opaque(rs, r, "-m %s %s", shown,
			      flags == XT_MULTIPORT_SOURCE ? "--sports"
							   : "--dports");
	for (i = 0; i < count; i++) {
		uint16_t lo = ports[i], hi = ports[i];

		if (pflags && pflags[i] && i + 1 < count)
			hi = ports[++i];
		if (lo > hi)
			continue; /* an empty range adds nothing to a union */
		if ((rc = fwd_port_match_add(rs, m, lo, hi)))
			return rc;
	}
	if (m->n == 0) /* only empty ranges: matches nothing */
		rc = fwd_port_match_add(rs, m, 0, 65535), invert = !invert;
	else
		rc = 0;
	m->negate = invert;
	return rc;
}

/* XT_CONNTRACK_STATE_BIT / XT_STATE_BIT values → FWD_CT_* */
static uint8_t ct_bits(unsigned mask, unsigned untracked_bit)
{
	uint8_t s = 0;

	if (mask & XT_CONNTRACK_STATE_BIT(IP_CT_NEW))
		s |= FWD_CT_NEW;
	if (mask & XT_CONNTRACK_STATE_BIT(IP_CT_ESTABLISHED))
		s |= FWD_CT_ESTABLISHED;
	if (mask & XT_CONNTRACK_STATE_BIT(IP_CT_RELATED))
		s |= FWD_CT_RELATED;
	if (mask & XT_CONNTRACK_STATE_INVALID)
		s |= FWD_CT_INVALID;
	if (mask & untracked_bit)
		s |= FWD_CT_UNTRACKED;
	return s;
}

static const struct {
	unsigned flag;
	const char *opt;
} ct_opts[] = {
	{ XT_CONNTRACK_PROTO, "--ctproto" },
	{ XT_CONNTRACK_ORIGSRC, "--ctorigsrc" },
	{ XT_CONNTRACK_ORIGDST, "--ctorigdst" },
	{ XT_CONNTRACK_REPLSRC, "--ctreplsrc" },
	{ XT_CONNTRACK_REPLDST, "--ctrepldst" },
	{ XT_CONNTRACK_STATUS, "--ctstatus" },
	{ XT_CONNTRACK_EXPIRES, "--ctexpire" },
	{ XT_CONNTRACK_ORIGSRC_PORT, "--ctorigsrcport" },
	{ XT_CONNTRACK_ORIGDST_PORT, "--ctorigdstport" },
	{ XT_CONNTRACK_REPLSRC_PORT, "--ctreplsrcport" },
	{ XT_CONNTRACK_REPLDST_PORT, "--ctrepldstport" },
	{ XT_CONNTRACK_DIRECTION, "--ctdir" },
};

static int dec_conntrack(struct fwd_ruleset *rs, struct fwd_rule *r,
			 unsigned flags, unsigned inv, unsigned state,
			 unsigned status, const char *shown)
{
	unsigned i;
	int rc;

	/* --ctstatus S: some bit of S is set (the kernel's IPS_* bits, which
	 * FWD_CTS_* are); a second status test on the rule stays opaque */
	if ((flags & XT_CONNTRACK_STATUS) && !r->ctstatus.mask && status) {
		r->ctstatus.mask = status;
		r->ctstatus.value = 0;
		r->ctstatus.negate = !(inv & XT_CONNTRACK_STATUS);
		flags &= ~(unsigned)XT_CONNTRACK_STATUS;
	}

	if (flags & XT_CONNTRACK_STATE) {
		if (state & (XT_CONNTRACK_STATE_SNAT | XT_CONNTRACK_STATE_DNAT)) {
			/* SNAT/DNAT are not states of the model */
			if ((rc = opaque(rs, r, "-m %s %s--ctstate", shown,
					 inv & XT_CONNTRACK_STATE ? "! " : "")))
				return rc;
		} else {
			xtd_ct_and(&r->ct,
				   ct_bits(state, XT_CONNTRACK_STATE_UNTRACKED),
				   inv & XT_CONNTRACK_STATE);
		}
	}
	for (i = 0; i < sizeof(ct_opts) / sizeof(ct_opts[0]); i++)
		if ((flags & ct_opts[i].flag) &&
		    (rc = opaque(rs, r, "-m %s %s", shown,
				 fwd_sprintf(rs, "%s%s",
					     inv & ct_opts[i].flag ? "! " : "",
					     ct_opts[i].opt))))
			return rc;
	return 0;
}

static int dec_iprange(struct fwd_ruleset *rs, struct fwd_rule *r,
		       enum fwd_family fam, const struct xt_iprange_mtinfo *i,
		       const char *shown)
{
	static const struct {
		unsigned on, inv;
		const char *opt;
	} dir[2] = { { IPRANGE_SRC, IPRANGE_SRC_INV, "--src-range" },
		     { IPRANGE_DST, IPRANGE_DST_INV, "--dst-range" } };
	unsigned bytes = fam == FWD_IPV6 ? 16 : 4, d;
	int rc;

	for (d = 0; d < 2; d++) {
		const uint8_t *lo = d ? (const uint8_t *)&i->dst_min
				      : (const uint8_t *)&i->src_min;
		const uint8_t *hi = d ? (const uint8_t *)&i->dst_max
				      : (const uint8_t *)&i->src_max;
		struct fwd_addr_match *m = d ? &r->daddr : &r->saddr;
		bool inv = i->flags & dir[d].inv;

		if (!(i->flags & dir[d].on))
			continue;
		if (m->n > 0 || memcmp(lo, hi, bytes) > 0) {
			rc = opaque(rs, r, "-m %s %s", shown, dir[d].opt);
		} else {
			m->negate = inv;
			rc = fwd_addr_match_add_range(rs, m, fam, lo, hi);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int dec_comment(struct fwd_ruleset *rs, struct fwd_rule *r,
		       const struct xt_comment_info *c)
{
	size_t n = strnlen(c->comment, XT_MAX_COMMENT_LEN);

	if (r->comment) /* two comments: keep both, as iptables does */
		r->comment = fwd_sprintf(rs, "%s; %.*s", r->comment, (int)n,
					 c->comment);
	else
		r->comment = fwd_strndup(rs, c->comment, n);
	return r->comment ? 0 : FWD_ENOMEM;
}

int xtd_match(struct fwd_ruleset *rs, struct fwd_rule *r,
	      enum fwd_family fam, const char *name, unsigned revision,
	      const void *data, size_t len, const char *shown)
{
	if (!shown)
		shown = name;
	if (!data)
		return opaque(rs, r, "-m %s", shown, NULL);

#define NEED(type) do { if (len < sizeof(type)) return FWD_EINVAL; } while (0)
	if (strcmp(name, "tcp") == 0) {
		NEED(struct xt_tcp);
		return dec_tcp(rs, r, data, shown);
	}
	if (strcmp(name, "udp") == 0 || strcmp(name, "udplite") == 0) {
		NEED(struct xt_udp);
		return dec_udp(rs, r, data, shown);
	}
	if (strcmp(name, "multiport") == 0) {
		if (revision == 0) {
			const struct xt_multiport *m = data;

			NEED(struct xt_multiport);
			return dec_multiport(rs, r, m->flags, m->count,
					     m->ports, NULL, false, shown);
		}
		if (revision == 1) {
			const struct xt_multiport_v1 *m = data;

			NEED(struct xt_multiport_v1);
			return dec_multiport(rs, r, m->flags, m->count,
					     m->ports, m->pflags, m->invert,
					     shown);
		}
	}
	if (strcmp(name, "conntrack") == 0) {
		if (revision == 1) {
			const struct xt_conntrack_mtinfo1 *c = data;

			NEED(struct xt_conntrack_mtinfo1);
			return dec_conntrack(rs, r, c->match_flags,
					     c->invert_flags, c->state_mask,
					     c->status_mask, shown);
		}
		if (revision == 2 || revision == 3) {
			const struct xt_conntrack_mtinfo2 *c = data;

			NEED(struct xt_conntrack_mtinfo2);
			return dec_conntrack(rs, r, c->match_flags,
					     c->invert_flags, c->state_mask,
					     c->status_mask, shown);
		}
	}
	if (strcmp(name, "state") == 0 && revision == 0) {
		const struct xt_state_info *s = data;

		NEED(struct xt_state_info);
		xtd_ct_and(&r->ct, ct_bits(s->statemask, XT_STATE_UNTRACKED),
			   false);
		return 0;
	}
	if (strcmp(name, "comment") == 0) {
		NEED(struct xt_comment_info);
		return dec_comment(rs, r, data);
	}
	if (strcmp(name, "iprange") == 0 && revision == 1) {
		NEED(struct xt_iprange_mtinfo);
		return dec_iprange(rs, r, fam, data, shown);
	}
	if (strcmp(name, "rpfilter") == 0 && revision == 0) {
		const struct xt_rpfilter_info *rp = data;
		uint8_t want;

		NEED(struct xt_rpfilter_info);
		/* loose, validmark and accept-local only widen what passes;
		 * the class's routable peer passes the strict test too */
		want = rp->flags & XT_RPFILTER_INVERT ? FWD_RPF_FAIL
						      : FWD_RPF_PASS;
		if (r->rpf != FWD_RPF_ANY && r->rpf != want)
			return opaque(rs, r, "-m %s", shown, NULL);
		r->rpf = want;
		return 0;
	}
	if (strcmp(name, "addrtype") == 0 && revision == 1) {
		const struct xt_addrtype_info_v1 *a = data;

		NEED(struct xt_addrtype_info_v1);
		/* Limiting the route lookup to an interface depends on where
		 * the packet comes from: leave that unresolved. */
		if (!(a->flags & (XT_ADDRTYPE_LIMIT_IFACE_IN |
				  XT_ADDRTYPE_LIMIT_IFACE_OUT))) {
			if (a->source) {
				r->stype.types = a->source;
				r->stype.negate = (a->flags &
						   XT_ADDRTYPE_INVERT_SOURCE) != 0;
			}
			if (a->dest) {
				r->dtype.types = a->dest;
				r->dtype.negate = (a->flags &
						   XT_ADDRTYPE_INVERT_DEST) != 0;
			}
			return 0;
		}
	}
#undef NEED
	/* icmp, icmp6, limit, recent, set, mark, owner, ...: opaque.
	 * With -p icmp they cannot touch tcp/udp anyway. */
	return opaque(rs, r, "-m %s", shown, NULL);
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */
/* ------------------------------------------------------------------ */

int xtd_target(struct fwd_ruleset *rs, struct fwd_rule *r,
	       const char *name, unsigned revision, const void *data,
	       size_t len)
{
	static const char *const nat[] = { "DNAT", "SNAT", "MASQUERADE",
					   "REDIRECT", "NETMAP", "DNPT",
					   "SNPT", NULL };
	unsigned i;

	(void)rs;
	(void)revision;
	r->verdict = FWD_VERDICT_CONTINUE;
	if (strcmp(name, "REJECT") == 0) {
		r->verdict = FWD_VERDICT_REJECT;
		return 0;
	}
	if (strcmp(name, "NFQUEUE") == 0 || strcmp(name, "QUEUE") == 0) {
		r->verdict = FWD_VERDICT_QUEUE;
		return 0;
	}
	for (i = 0; nat[i]; i++)
		if (strcmp(name, nat[i]) == 0)
			return XTD_T_NAT;
	if (strcmp(name, "NOTRACK") == 0)
		return XTD_T_NOTRACK;
	if (strcmp(name, "CT") == 0) {
		/* flags is the first field of every revision's struct */
		const struct xt_ct_target_info *ct = data;

		if (data && len >= sizeof(uint16_t) &&
		    (ct->flags & XT_CT_NOTRACK))
			return XTD_T_NOTRACK;
		return 0;
	}
	if (strcmp(name, "SYNPROXY") == 0 || strcmp(name, "TPROXY") == 0)
		return XTD_T_UNMODELED;
	/* LOG, NFLOG, MARK, CONNMARK, TCPMSS, ...: no decision */
	return 0;
}
