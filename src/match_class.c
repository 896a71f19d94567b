/*
 * match_class.c — classify a rule's matches against the packet class.
 *
 * Loopback can never carry a connection from a remote peer, so rules
 * bound to lo or to loopback addresses select none of the class (they
 * stay in the model as evidence). Conntrack matches select the class
 * when they admit NEW, the state of a connection's first packet.
 */
#include <stdio.h>
#include <string.h>

#include "match_class.h"
#include "portset.h"

static bool is_loopback(const struct fwd_prefix *p)
{
	if (p->family == FWD_IPV4)
		return p->len >= 8 && p->addr[0] == 127;
	if (p->len != 128)
		return false;
	for (int i = 0; i < 15; i++)
		if (p->addr[i])
			return false;
	return p->addr[15] == 1;
}

static uint8_t addr_class(const struct fwd_addr_match *m, enum fwd_family fam)
{
	bool any_fam = false, all_loop = true, covers_all = false;
	uint32_t i;

	if (!m->n)
		return REACH_ALL;
	for (i = 0; i < m->n; i++) {
		const struct fwd_prefix *p = &m->prefixes[i];

		if (p->family != fam)
			continue;
		any_fam = true;
		if (p->len == 0)
			covers_all = true;
		if (!is_loopback(p))
			all_loop = false;
	}
	if (!m->negate) {
		if (covers_all)
			return REACH_ALL;
		if (!any_fam || all_loop)
			return REACH_NONE;
		return REACH_SOME;
	}
	if (covers_all)
		return REACH_NONE;
	if (!any_fam || all_loop)
		return REACH_ALL;
	return REACH_SOME;
}

static bool name_is_any(const char *n)
{
	return !strcmp(n, "*") || !strcmp(n, "+") || !*n;
}

/* The interface the remote connection uses: in: iif, out: oif. */
static uint8_t iface_class(const struct fwd_iface_match *m)
{
	bool any = false, all_lo = true;
	uint32_t i;

	if (!m->n)
		return REACH_ALL;
	for (i = 0; i < m->n; i++) {
		if (name_is_any(m->names[i]))
			any = true;
		if (strcmp(m->names[i], "lo") != 0)
			all_lo = false;
	}
	if (!m->negate)
		return any ? REACH_ALL : all_lo ? REACH_NONE : REACH_SOME;
	return any ? REACH_NONE : all_lo ? REACH_ALL : REACH_SOME;
}

/* The interface that does not exist on this hook (oif on input). */
static uint8_t absent_iface_class(const struct fwd_iface_match *m)
{
	if (!m->n)
		return REACH_ALL;
	return m->negate ? REACH_ALL : REACH_NONE;
}

/* The class's addresses: remote peers are unicast, this host is local. */
static uint8_t addrtype_class(const struct fwd_addrtype_match *m, bool local)
{
	uint16_t have = local ? FWD_ADDRTYPE_LOCAL : FWD_ADDRTYPE_UNICAST;
	bool hit;

	if (!m->types)
		return REACH_ALL;
	hit = (m->types & have) != 0;
	return hit != m->negate ? REACH_ALL : REACH_NONE;
}

/*
 * Conntrack status of the class's first packet: no bit of
 * FWD_CTS_NEW_CLEAR is set, nothing is known of the others (a NAT hook
 * that ran sets "NAT done" bits even on connections it did not rewrite).
 */
static uint8_t ctstatus_class(const struct fwd_ctstatus_match *m)
{
	uint32_t known = m->mask & FWD_CTS_NEW_CLEAR;
	bool eq;

	if (!m->mask)
		return REACH_ALL;
	if ((m->value & ~m->mask) || (m->value & known))
		eq = false; /* the value wants a bit the status cannot have */
	else if (m->mask == known)
		eq = true;  /* every tested bit is known to be clear */
	else
		return REACH_SOME;
	return eq != m->negate ? REACH_ALL : REACH_NONE;
}

/* The class's peer is routable: it passes a reverse-path test. */
static uint8_t rpf_class(uint8_t rpf, enum fwd_dir dir)
{
	if (rpf == FWD_RPF_ANY)
		return REACH_ALL;
	if (dir != DIR_IN) /* the source is this host: not decided */
		return REACH_SOME;
	return rpf == FWD_RPF_PASS ? REACH_ALL : REACH_NONE;
}

static uint8_t meet(uint8_t a, uint8_t b)
{
	return a < b ? a : b;
}

uint8_t match_class(const struct fwd_rule *r, enum fwd_family fam,
		    enum fwd_dir dir, uint8_t proto)
{
	uint8_t c = REACH_ALL;
	uint32_t i;

	if (!(r->families & FWD_FAM_BIT(fam)))
		return REACH_NONE;
	if (r->proto.n) {
		bool in = false;

		for (i = 0; i < r->proto.n; i++)
			in |= r->proto.protos[i] == proto;
		if (in == r->proto.negate)
			return REACH_NONE;
	}
	if (r->ct.states) {
		bool has_new = (r->ct.states & FWD_CT_NEW) != 0;

		if (has_new == r->ct.negate)
			return REACH_NONE;
	}
	if (r->sport.n) {
		struct portset s = PORTSET_INIT;

		if (portset_from_match(&s, &r->sport) == 0) {
			if (!s.n)
				c = REACH_NONE;
			else if (!(s.n == 1 && s.r[0].lo == 0 && s.r[0].hi == 65535))
				c = meet(c, REACH_SOME);
		}
		portset_free(&s);
	}
	c = meet(c, addr_class(&r->saddr, fam));
	c = meet(c, addr_class(&r->daddr, fam));
	c = meet(c, addrtype_class(&r->stype, dir == DIR_OUT));
	c = meet(c, addrtype_class(&r->dtype, dir == DIR_IN));
	c = meet(c, ctstatus_class(&r->ctstatus));
	c = meet(c, rpf_class(r->rpf, dir));
	if (dir == DIR_IN) {
		c = meet(c, iface_class(&r->iif));
		c = meet(c, absent_iface_class(&r->oif));
	} else {
		c = meet(c, iface_class(&r->oif));
		c = meet(c, absent_iface_class(&r->iif));
	}
	if (r->n_opaque && c != REACH_NONE)
		c = REACH_SOME;
	return c;
}

static bool same_ports(const struct fwd_port_match *a,
		       const struct fwd_port_match *b)
{
	uint32_t i;

	if (a->n != b->n || a->negate != b->negate)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->ranges[i].lo != b->ranges[i].lo ||
		    a->ranges[i].hi != b->ranges[i].hi)
			return false;
	return true;
}

static bool same_addrs(const struct fwd_addr_match *a,
		       const struct fwd_addr_match *b)
{
	uint32_t i;

	if (a->n != b->n || a->negate != b->negate)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct fwd_prefix *p = &a->prefixes[i],
					*q = &b->prefixes[i];

		if (p->family != q->family || p->len != q->len ||
		    memcmp(p->addr, q->addr, sizeof(p->addr)))
			return false;
	}
	return true;
}

static bool same_ifaces(const struct fwd_iface_match *a,
			const struct fwd_iface_match *b)
{
	uint32_t i;

	if (a->n != b->n || a->negate != b->negate)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]))
			return false;
	return true;
}

/*
 * Each match of a is true for the whole class or is the very match b has:
 * then a selects every packet b selects. Matches the reader could not
 * read never count (they may be stateful, as -m recent is).
 */
bool match_covers(const struct fwd_rule *a, const struct fwd_rule *b,
		  enum fwd_family fam, enum fwd_dir dir, uint8_t proto)
{
	bool in_dir = dir == DIR_IN, in = false;
	uint32_t i;

	if (a->n_opaque || b->n_opaque)
		return false;
	/* addresses first: on a kube node they are what sets rules apart */
	if ((addr_class(&a->saddr, fam) != REACH_ALL &&
	     !same_addrs(&a->saddr, &b->saddr)) ||
	    (addr_class(&a->daddr, fam) != REACH_ALL &&
	     !same_addrs(&a->daddr, &b->daddr)))
		return false;
	for (i = 0; i < a->proto.n; i++)
		in |= a->proto.protos[i] == proto;
	if (a->proto.n && in == a->proto.negate && /* not the class's own */
	    (a->proto.n != b->proto.n || a->proto.negate != b->proto.negate ||
	     memcmp(a->proto.protos, b->proto.protos, a->proto.n)))
		return false;
	if (a->ct.states && ((a->ct.states & FWD_CT_NEW) != 0) == a->ct.negate &&
	    (a->ct.states != b->ct.states || a->ct.negate != b->ct.negate))
		return false;
	return (!a->sport.n || same_ports(&a->sport, &b->sport)) &&
	       ((in_dir ? iface_class(&a->iif)
			: absent_iface_class(&a->iif)) == REACH_ALL ||
		same_ifaces(&a->iif, &b->iif)) &&
	       ((in_dir ? absent_iface_class(&a->oif)
			: iface_class(&a->oif)) == REACH_ALL ||
		same_ifaces(&a->oif, &b->oif)) &&
	       (addrtype_class(&a->stype, !in_dir) == REACH_ALL ||
		(a->stype.types == b->stype.types &&
		 a->stype.negate == b->stype.negate)) &&
	       (addrtype_class(&a->dtype, in_dir) == REACH_ALL ||
		(a->dtype.types == b->dtype.types &&
		 a->dtype.negate == b->dtype.negate)) &&
	       (ctstatus_class(&a->ctstatus) == REACH_ALL ||
		(a->ctstatus.mask == b->ctstatus.mask &&
		 a->ctstatus.value == b->ctstatus.value &&
		 a->ctstatus.negate == b->ctstatus.negate)) &&
	       (rpf_class(a->rpf, dir) == REACH_ALL || a->rpf == b->rpf);
}

static void append(char *buf, size_t len, const char *fmt, const char *what)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, fmt, used ? "; " : "", what);
}

static void append_addr(char *buf, size_t len, const char *side,
			const struct fwd_addr_match *m, enum fwd_family fam)
{
	char text[96];

	if (addr_class(m, fam) != REACH_SOME)
		return;
	if (m->set_name)
		snprintf(text, sizeof(text), "%s%s %s", m->negate ? "not " : "",
			 side, m->set_name);
	else
		snprintf(text, sizeof(text), "%s%s limited to %u prefix%s",
			 m->negate ? "not " : "", side, m->n,
			 m->n == 1 ? "" : "es");
	append(buf, len, "%s%s", text);
}

const char *match_condition(const struct fwd_rule *r, enum fwd_family fam,
			    enum fwd_dir dir, char *buf, size_t len)
{
	const struct fwd_addr_match *remote = dir == DIR_IN ? &r->saddr
							    : &r->daddr;
	const struct fwd_addr_match *local = dir == DIR_IN ? &r->daddr
							   : &r->saddr;
	const struct fwd_iface_match *ifm = dir == DIR_IN ? &r->iif : &r->oif;
	uint32_t i;

	buf[0] = '\0';
	append_addr(buf, len, "remote address", remote, fam);
	append_addr(buf, len, "local address", local, fam);
	if (iface_class(ifm) == REACH_SOME) {
		char text[64];

		snprintf(text, sizeof(text), "%sinterface %s",
			 ifm->negate ? "not " : "", ifm->names[0]);
		append(buf, len, "%s%s", text);
	}
	if (r->sport.n)
		append(buf, len, "%s%s", "source port");
	if (ctstatus_class(&r->ctstatus) == REACH_SOME)
		append(buf, len, "%s%s", "conntrack status");
	if (rpf_class(r->rpf, dir) == REACH_SOME)
		append(buf, len, "%s%s", "reverse-path test");
	for (i = 0; i < r->n_opaque; i++) {
		char text[160];

		snprintf(text, sizeof(text), "unresolved: %s", r->opaque[i]);
		append(buf, len, "%s%s", text);
	}
	if (r->verdict == FWD_VERDICT_QUEUE)
		append(buf, len, "%s%s", "decided in user space (queue)");
	return buf;
}
