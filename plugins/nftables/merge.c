/*
 * merge.c — intersections of model match sets; see merge.h.
 */
#include <string.h>

#include "merge.h"

#define CT_ALL (FWD_CT_NEW | FWD_CT_ESTABLISHED | FWD_CT_RELATED | \
		FWD_CT_INVALID | FWD_CT_UNTRACKED)

int mg_opaque(struct merge *m, const char *what)
{
	uint32_t i;

	for (i = 0; i < m->r->n_opaque; i++)
		if (strcmp(m->r->opaque[i], what) == 0)
			return 0;
	return fwd_rule_add_opaque(m->rs, m->r, what);
}

void mg_families(struct merge *m, unsigned fams)
{
	m->r->families &= fams;
	if (!m->r->families && !m->never)
		m->never = "matches no address family of its chain";
}

/* ---- protocols: 256-bit maps ------------------------------------- */

static void proto_bits(uint8_t *bits, const uint8_t *p, uint32_t n, bool neg)
{
	uint32_t i;

	memset(bits, neg ? 0xff : 0, 32);
	for (i = 0; i < n; i++) {
		if (neg)
			bits[p[i] / 8] &= (uint8_t)~(1u << (p[i] % 8));
		else
			bits[p[i] / 8] |= (uint8_t)(1u << (p[i] % 8));
	}
}

int mg_proto(struct merge *m, const uint8_t *protos, uint32_t n, bool neg)
{
	struct fwd_proto_match *pm = &m->r->proto;
	uint8_t cur[32], add[32];
	unsigned i, count = 0;
	bool store_neg;
	int rc;

	if (pm->n == 0) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_proto_match_add(m->rs, pm, protos[i])))
				return rc;
		pm->negate = neg && n;
		return 0;
	}
	proto_bits(cur, pm->protos, pm->n, pm->negate);
	proto_bits(add, protos, n, neg);
	for (i = 0; i < 32; i++) {
		cur[i] &= add[i];
		count += (unsigned)__builtin_popcount(cur[i]);
	}
	if (count == 0) {
		if (!m->never)
			m->never = "its protocol conditions contradict";
		return 0;
	}
	store_neg = count > 128;
	memset(pm, 0, sizeof(*pm));
	for (i = 0; i < 256; i++) {
		bool in = cur[i / 8] & (1u << (i % 8));

		if (in != store_neg &&
		    (rc = fwd_proto_match_add(m->rs, pm, (uint8_t)i)))
			return rc;
	}
	pm->negate = store_neg;
	return 0;
}

/* ---- ports: interval lists ---------------------------------------- */

#define MAXR 4096

struct ivl {
	uint32_t n;
	struct fwd_port_range r[MAXR];
};

static void ivl_set(struct ivl *v, const struct fwd_port_range *rg,
		    uint32_t n, bool neg)
{
	uint32_t i, j;
	struct fwd_port_range t;
	uint32_t next = 0;
	struct ivl s;

	/* sort a copy (insertion: lists are short) */
	s.n = n < MAXR ? n : MAXR;
	memcpy(s.r, rg, s.n * sizeof(*rg));
	for (i = 1; i < s.n; i++)
		for (j = i; j > 0 && s.r[j - 1].lo > s.r[j].lo; j--) {
			t = s.r[j];
			s.r[j] = s.r[j - 1];
			s.r[j - 1] = t;
		}
	v->n = 0;
	if (!neg) {
		*v = s;
		return;
	}
	for (i = 0; i < s.n; i++) {
		if (s.r[i].lo > next && v->n < MAXR)
			v->r[v->n++] = (struct fwd_port_range){ (uint16_t)next,
				(uint16_t)(s.r[i].lo - 1) };
		if ((uint32_t)s.r[i].hi + 1 > next)
			next = (uint32_t)s.r[i].hi + 1;
	}
	if (next <= 65535 && v->n < MAXR)
		v->r[v->n++] = (struct fwd_port_range){ (uint16_t)next, 65535 };
}

int mg_ports(struct merge *m, struct fwd_port_match *pm,
	     const struct fwd_port_range *rg, uint32_t n, bool neg)
{
	static struct ivl a, b, c; /* big: not on the stack */
	uint32_t i, j;
	int rc;

	if (pm->n == 0) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_port_match_add(m->rs, pm, rg[i].lo,
						     rg[i].hi)))
				return rc;
		pm->negate = neg && n;
		if (!n && !neg && !m->never)
			m->never = "its port set is empty";
		return 0;
	}
	ivl_set(&a, pm->ranges, pm->n, pm->negate);
	ivl_set(&b, rg, n, neg);
	c.n = 0;
	for (i = 0; i < a.n; i++)
		for (j = 0; j < b.n && c.n < MAXR; j++) {
			uint16_t lo = a.r[i].lo > b.r[j].lo ? a.r[i].lo : b.r[j].lo;
			uint16_t hi = a.r[i].hi < b.r[j].hi ? a.r[i].hi : b.r[j].hi;

			if (lo <= hi)
				c.r[c.n++] = (struct fwd_port_range){ lo, hi };
		}
	if (c.n == 0) {
		if (!m->never)
			m->never = "its port conditions contradict";
		return 0;
	}
	memset(pm, 0, sizeof(*pm));
	for (i = 0; i < c.n; i++)
		if ((rc = fwd_port_match_add(m->rs, pm, c.r[i].lo, c.r[i].hi)))
			return rc;
	return 0;
}

/* ---- addresses ------------------------------------------------------ */

/* p contains q */
static bool prefix_contains(const struct fwd_prefix *p,
			    const struct fwd_prefix *q)
{
	unsigned i;

	if (p->family != q->family || p->len > q->len)
		return false;
	for (i = 0; i < p->len; i++) {
		unsigned a = (p->addr[i / 8] >> (7 - i % 8)) & 1;
		unsigned b = (q->addr[i / 8] >> (7 - i % 8)) & 1;

		if (a != b)
			return false;
	}
	return true;
}

int mg_addr(struct merge *m, struct fwd_addr_match *am,
	    const struct fwd_prefix *px, uint32_t n, bool neg,
	    const char *set_name)
{
	struct fwd_addr_match res;
	uint32_t i, j;
	int rc;

	if (am->n == 0 && !am->set_name) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_addr_match_add(m->rs, am, &px[i])))
				return rc;
		am->negate = neg;
		am->set_name = set_name;
		if (!n && !neg && !m->never)
			m->never = "its address set is empty";
		return 0;
	}
	if (am->negate && neg) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_addr_match_add(m->rs, am, &px[i])))
				return rc;
		return 0;
	}
	if (am->negate || neg)
		return MG_INEXACT;
	memset(&res, 0, sizeof(res));
	for (i = 0; i < am->n; i++)
		for (j = 0; j < n; j++) {
			const struct fwd_prefix *p = &am->prefixes[i];
			const struct fwd_prefix *q = &px[j];

			if (prefix_contains(p, q))
				rc = fwd_addr_match_add(m->rs, &res, q);
			else if (prefix_contains(q, p))
				rc = fwd_addr_match_add(m->rs, &res, p);
			else
				rc = 0;
			if (rc)
				return rc;
		}
	if (res.n == 0 && !m->never)
		m->never = "its address conditions contradict";
	res.set_name = am->set_name ? am->set_name : set_name;
	*am = res;
	return 0;
}

int mg_addr_take(struct merge *m, struct fwd_addr_match *am,
		 const struct fwd_addr_match *built, bool neg,
		 const char *set_name)
{
	if (am->n == 0 && !am->set_name && built->n) {
		am->prefixes = built->prefixes;
		am->n = built->n;
		am->negate = neg;
		am->set_name = set_name;
		return 0;
	}
	return mg_addr(m, am, built->prefixes, built->n, neg, set_name);
}

/* ---- interfaces ----------------------------------------------------- */

static bool is_wild(const char *s, size_t *plen)
{
	size_t n = strlen(s);

	*plen = n && s[n - 1] == '*' ? n - 1 : n;
	return n && s[n - 1] == '*';
}

/* The names matching both a and b, or NULL. */
static const char *iface_and(const char *a, const char *b)
{
	size_t la, lb;
	bool wa = is_wild(a, &la), wb = is_wild(b, &lb);

	if (!wa && !wb)
		return strcmp(a, b) == 0 ? a : NULL;
	if (wa && !wb)
		return strncmp(a, b, la) == 0 ? b : NULL;
	if (!wa && wb)
		return strncmp(a, b, lb) == 0 ? a : NULL;
	if (strncmp(a, b, la < lb ? la : lb) != 0)
		return NULL;
	return la > lb ? a : b;
}

int mg_iface(struct merge *m, struct fwd_iface_match *im,
	     const char *const *names, uint32_t n, bool neg)
{
	struct fwd_iface_match res;
	uint32_t i, j;
	int rc;

	if (im->n == 0) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_iface_match_add(m->rs, im, names[i])))
				return rc;
		im->negate = neg && n;
		return 0;
	}
	if (im->negate && neg) {
		for (i = 0; i < n; i++)
			if ((rc = fwd_iface_match_add(m->rs, im, names[i])))
				return rc;
		return 0;
	}
	if (im->negate || neg)
		return MG_INEXACT;
	memset(&res, 0, sizeof(res));
	for (i = 0; i < im->n; i++)
		for (j = 0; j < n; j++) {
			const char *x = iface_and(im->names[i], names[j]);

			if (x && (rc = fwd_iface_match_add(m->rs, &res, x)))
				return rc;
		}
	if (res.n == 0 && !m->never)
		m->never = "its interface conditions contradict";
	*im = res;
	return 0;
}

/* ---- conntrack state ------------------------------------------------ */

void mg_ct(struct merge *m, uint8_t states, bool neg)
{
	struct fwd_ct_match *ct = &m->r->ct;
	uint8_t cur, add;

	if (!ct->states) {
		ct->states = states;
		ct->negate = neg;
		if (!states && !neg && !m->never)
			m->never = "its conntrack state set is empty";
		return;
	}
	cur = ct->negate ? (uint8_t)(CT_ALL & ~ct->states) : ct->states;
	add = neg ? (uint8_t)(CT_ALL & ~states) : states;
	cur &= add;
	if (!cur) {
		if (!m->never)
			m->never = "its conntrack state conditions contradict";
		return;
	}
	ct->states = cur;
	ct->negate = false;
}

/* ---- address types, conntrack status, reverse path ----------------- */

#define ADDRTYPE_ALL 0x0fffu /* RTN_UNSPEC .. RTN_XRESOLVE */

void mg_addrtype(struct merge *m, struct fwd_addrtype_match *at,
		 uint16_t types, bool neg)
{
	uint16_t cur, add;

	if (!at->types) {
		at->types = types;
		at->negate = neg;
		if (!types && !neg && !m->never)
			m->never = "its address type set is empty";
		return;
	}
	cur = at->negate ? (uint16_t)(ADDRTYPE_ALL & ~at->types) : at->types;
	add = neg ? (uint16_t)(ADDRTYPE_ALL & ~types) : types;
	cur &= add;
	if (!cur) {
		if (!m->never)
			m->never = "its address type conditions contradict";
		return;
	}
	at->types = cur;
	at->negate = false;
}

int mg_ctstatus(struct merge *m, uint32_t mask, uint32_t value, bool neg,
		const char *what)
{
	struct fwd_ctstatus_match *cs = &m->r->ctstatus;

	/* no bit tested ("ct status 0x0" is (status & 0) != 0): the test
	 * holds for every packet or for none, and the model's mask 0 would
	 * read as no test at all */
	if (!mask) {
		if ((value == 0) == neg && !m->never)
			m->never = "its conntrack status test can never hold";
		return 0;
	}
	if (!cs->mask) {
		cs->mask = mask;
		cs->value = value;
		cs->negate = neg;
		return 0;
	}
	/* two "==" tests are one on the union of their bits; a "!=" with
	 * anything else is no single test */
	if (neg || cs->negate)
		return mg_opaque(m, what);
	if ((cs->value & mask) != (value & cs->mask)) {
		if (!m->never)
			m->never = "its conntrack status conditions contradict";
		return 0;
	}
	cs->mask |= mask;
	cs->value |= value;
	return 0;
}

void mg_rpf(struct merge *m, uint8_t rpf)
{
	if (m->r->rpf && m->r->rpf != rpf && !m->never)
		m->never = "its reverse-path conditions contradict";
	m->r->rpf = rpf;
}

static int inexact(struct merge *m, int rc, const char *what)
{
	return rc == MG_INEXACT ? mg_opaque(m, what) : rc;
}

int mg_rule(struct merge *m, const struct fwd_rule *src)
{
	uint32_t i;
	int rc;

	mg_families(m, src->families);
	if (src->proto.n &&
	    (rc = mg_proto(m, src->proto.protos, src->proto.n,
			   src->proto.negate)))
		return rc;
	if (src->dport.n &&
	    (rc = mg_ports(m, &m->r->dport, src->dport.ranges, src->dport.n,
			   src->dport.negate)))
		return rc;
	if (src->sport.n &&
	    (rc = mg_ports(m, &m->r->sport, src->sport.ranges, src->sport.n,
			   src->sport.negate)))
		return rc;
	if ((src->saddr.n || src->saddr.set_name) &&
	    (rc = inexact(m, mg_addr(m, &m->r->saddr, src->saddr.prefixes,
				     src->saddr.n, src->saddr.negate,
				     src->saddr.set_name), "saddr")))
		return rc;
	if ((src->daddr.n || src->daddr.set_name) &&
	    (rc = inexact(m, mg_addr(m, &m->r->daddr, src->daddr.prefixes,
				     src->daddr.n, src->daddr.negate,
				     src->daddr.set_name), "daddr")))
		return rc;
	if (src->iif.n &&
	    (rc = inexact(m, mg_iface(m, &m->r->iif, src->iif.names,
				      src->iif.n, src->iif.negate), "iifname")))
		return rc;
	if (src->oif.n &&
	    (rc = inexact(m, mg_iface(m, &m->r->oif, src->oif.names,
				      src->oif.n, src->oif.negate), "oifname")))
		return rc;
	if (src->ct.states || src->ct.negate)
		mg_ct(m, src->ct.states, src->ct.negate);
	if (src->stype.types || src->stype.negate)
		mg_addrtype(m, &m->r->stype, src->stype.types,
			    src->stype.negate);
	if (src->dtype.types || src->dtype.negate)
		mg_addrtype(m, &m->r->dtype, src->dtype.types,
			    src->dtype.negate);
	if (src->ctstatus.mask &&
	    (rc = mg_ctstatus(m, src->ctstatus.mask, src->ctstatus.value,
			      src->ctstatus.negate, "ct status")))
		return rc;
	if (src->rpf)
		mg_rpf(m, src->rpf);
	for (i = 0; i < src->n_opaque; i++)
		if ((rc = mg_opaque(m, src->opaque[i])))
			return rc;
	if (src->comment && !m->r->comment)
		m->r->comment = src->comment;
	return 0;
}
