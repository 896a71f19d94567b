/*
 * lower.c — a rule of the intermediate form into model rules.
 *
 * Each match becomes the model field its key means (ports, addresses,
 * interfaces, protocols, conntrack state; conntrack status and fib
 * lookups through lower_state.c); a header field also brings the
 * protocol and family it implies (tcp dport → tcp; ip saddr → ipv4),
 * which is what nft's dropped dependencies said. A verdict map, and a
 * concatenated set with several elements, are disjunctions: they become
 * one model rule per element, in order, with the same origin and text.
 * Anything else stays an opaque match named as nft prints its key.
 */
#include <string.h>

#include "lower_state.h"
#include "merge.h"
#include "nir.h"
#include "xt.h"

#define SPLIT_MAX 65536

static const char *key_name(struct nir_ctx *cx, const struct nir_stmt *s)
{
	struct strbuf sb;
	const char *ret;

	sb_init(&sb);
	nir_key_print(&sb, &s->key);
	if (s->set) {
		sb_add(&sb, " @");
		sb_add(&sb, s->set->name);
	}
	ret = fwd_strdup(cx->rs, sb_str(&sb));
	sb_release(&sb);
	return ret ? ret : "?";
}

/*
 * The name of a statement's key as nft prints it ("ip saddr @blocked"),
 * for an opaque match: built on first use, since most conditions are
 * kept exactly and never need it.
 */
struct what {
	struct nir_ctx *cx;
	const struct nir_stmt *s;
	const char *text;
};

static int opaque(struct merge *m, struct what *w)
{
	if (!w->text)
		w->text = key_name(w->cx, w->s);
	return mg_opaque(m, w->text);
}

/* Apply what a field implies about protocol and family. */
static int implied(struct merge *m, const struct nir_field *f)
{
	if (f->fams)
		mg_families(m, f->fams);
	if (f->l4)
		return mg_proto(m, &f->l4, 1, false);
	return 0;
}

/* An ordering op against one value → an inclusive range on [0, max]. */
static bool op_range(const struct nir_field *f, enum nir_op op,
		     const struct nir_range *v, uint64_t *lo, uint64_t *hi)
{
	uint64_t max = f->width >= 8 ? UINT64_MAX :
		       ((uint64_t)1 << (8 * f->width)) - 1;
	uint64_t x = nir_scalar_uint(f, &v->lo);

	switch (op) {
	case NOP_LT: if (!x) return false; *lo = 0; *hi = x - 1; return true;
	case NOP_LTE: *lo = 0; *hi = x; return true;
	case NOP_GT: if (x == max) return false; *lo = x + 1; *hi = max; return true;
	case NOP_GTE: *lo = x; *hi = max; return true;
	default:
		*lo = x;
		*hi = nir_scalar_uint(f, &v->hi);
		return true;
	}
}

static int lower_ports(struct merge *m, struct nir_ctx *cx,
		       const struct nir_field *f, enum nir_op op,
		       const struct nir_range *cv, const struct nir_elem *ev,
		       uint32_t n, unsigned comp)
{
	struct fwd_port_match *pm = f->role == ROLE_DPORT ? &m->r->dport
							  : &m->r->sport;
	struct fwd_port_range *rg;
	uint32_t i, k = 0;
	int rc;

	rg = pool_alloc(&cx->pool, (n ? n : 1) * sizeof(*rg));
	if (!rg)
		return FWD_ENOMEM;
	for (i = 0; i < n; i++) {
		uint64_t lo, hi;
		const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];

		if (op_range(f, op, v, &lo, &hi) && lo <= hi)
			rg[k++] = (struct fwd_port_range){ (uint16_t)lo,
							   (uint16_t)hi };
	}
	if ((op == NOP_LT || op == NOP_GT) && k == 0) {
		if (!m->never)
			m->never = "its port condition cannot hold";
		return 0;
	}
	rc = mg_ports(m, pm, rg, k, op == NOP_NEQ);
	return rc;
}

static int lower_addrs(struct merge *m, const struct nir_field *f,
		       enum nir_op op, const struct nir_range *cv,
		       const struct nir_elem *ev, uint32_t n, unsigned comp,
		       const char *set_name, struct what *w)
{
	struct fwd_addr_match *am = f->role == ROLE_SADDR ? &m->r->saddr
							  : &m->r->daddr;
	struct fwd_addr_match tmp;
	enum fwd_family fam = f->type == NT_IPV4 ? FWD_IPV4 : FWD_IPV6;
	uint32_t i;
	int rc;

	if (op != NOP_EQ && op != NOP_NEQ && op != NOP_IN)
		return opaque(m, w);
	memset(&tmp, 0, sizeof(tmp));
	for (i = 0; i < n; i++) {
		const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];

		if ((rc = fwd_addr_match_add_range(m->rs, &tmp, fam, v->lo.b,
						   v->hi.b)))
			return rc;
	}
	rc = mg_addr_take(m, am, &tmp, op == NOP_NEQ,
			  set_name ? fwd_strdup(m->rs, set_name) : NULL);
	return rc == MG_INEXACT ? opaque(m, w) : rc;
}

static int lower_ifaces(struct merge *m, struct nir_ctx *cx,
			const struct nir_field *f, enum nir_op op,
			const struct nir_range *cv, const struct nir_elem *ev,
			uint32_t n, unsigned comp, struct what *w)
{
	struct fwd_iface_match *im = f->role == ROLE_IIF ? &m->r->iif
							 : &m->r->oif;
	const char **names;
	uint32_t i;
	int rc;

	if (op != NOP_EQ && op != NOP_NEQ && op != NOP_IN)
		return opaque(m, w);
	names = pool_alloc(&cx->pool, (n ? n : 1) * sizeof(*names));
	if (!names)
		return FWD_ENOMEM;
	for (i = 0; i < n; i++) {
		const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];
		const char *s = nir_ifname(&cx->pool, v);

		if (!s)
			return opaque(m, w);
		names[i] = fwd_strdup(m->rs, s);
		if (!names[i])
			return FWD_ENOMEM;
	}
	rc = mg_iface(m, im, names, n, op == NOP_NEQ);
	return rc == MG_INEXACT ? opaque(m, w) : rc;
}

static uint8_t ct_model_bits(uint64_t k)
{
	uint8_t b = 0;

	if (k & 1) b |= FWD_CT_INVALID;
	if (k & 2) b |= FWD_CT_ESTABLISHED;
	if (k & 4) b |= FWD_CT_RELATED;
	if (k & 8) b |= FWD_CT_NEW;
	if (k & 64) b |= FWD_CT_UNTRACKED;
	return b;
}

/*
 * tcp flags, as the xt decoder reads --tcp-flags: only what it means for
 * the first packet of a new connection (a bare SYN, maybe with ECN bits)
 * is kept; the rest is opaque.
 */
static int lower_tcpflags(struct merge *m, const struct nir_stmt *s,
			  const struct nir_range *v, struct what *w)
{
	const struct nir_field *f = s->key.f[0];
	uint64_t mask = s->key.masked ? nir_scalar_uint(f, &s->key.mask) : 0xff;
	uint64_t val = nir_scalar_uint(f, &v->lo);
	bool plain, ecn, inv = s->op == NOP_NEQ;

	if (s->op == NOP_IN) {
		/* "tcp flags syn": some of these bits set */
		plain = (0x02 & val) != 0;
		ecn = (0xc2 & val) != 0;
		if (!plain && !ecn)
			mg_ct(m, FWD_CT_NEW, true);
		return opaque(m, w);
	}
	if (s->op != NOP_EQ && s->op != NOP_NEQ)
		return opaque(m, w);
	plain = ((0x02 & mask) == val) != inv;
	ecn = ((0xc2 & mask) == val) != inv;
	if (!inv && val == 0x02 && (mask & 0x02) && !(mask & 0xc0)) {
		mg_ct(m, FWD_CT_NEW, false);
		return 0;
	}
	if (inv && val == 0x02 && (mask & 0x12) == 0x12 && !(mask & 0xc0)) {
		mg_ct(m, FWD_CT_NEW, true);
		return 0;
	}
	if (!plain && !ecn)
		mg_ct(m, FWD_CT_NEW, true);
	return opaque(m, w);
}

/*
 * One component comp of key s->key against values: either cv[n] (plain
 * ranges) or ev[n].c[comp] (elements).
 */
static int lower_field(struct merge *m, struct nir_ctx *cx,
		       const struct nir_stmt *s, unsigned comp,
		       const struct nir_range *cv, const struct nir_elem *ev,
		       uint32_t n)
{
	const struct nir_field *f = s->key.f[comp];
	struct what w = { cx, s, NULL };
	enum nir_op op = s->op;
	uint32_t i;
	uint64_t bits = 0, x;
	int rc;

	if ((rc = implied(m, f)))
		return rc;
	if (s->key.masked && f->role != ROLE_TCPFLAGS &&
	    f->role != ROLE_CTSTATUS)
		return opaque(m, &w);
	if (n > 1 && op != NOP_EQ && op != NOP_NEQ && op != NOP_IN)
		return opaque(m, &w);
	switch (f->role) {
	case ROLE_DPORT:
	case ROLE_SPORT:
		return lower_ports(m, cx, f, op, cv, ev, n, comp);
	case ROLE_SADDR:
	case ROLE_DADDR:
		return lower_addrs(m, f, op, cv, ev, n, comp,
				   s->set ? s->set->name : NULL, &w);
	case ROLE_IIF:
	case ROLE_OIF:
		return lower_ifaces(m, cx, f, op, cv, ev, n, comp, &w);
	case ROLE_L4PROTO: {
		uint8_t protos[256];
		uint32_t k = 0;

		for (i = 0; i < n; i++) {
			const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];
			uint64_t lo, hi;

			if (!op_range(f, op, v, &lo, &hi))
				continue;
			for (x = lo; x <= hi && x < 256 && k < 256; x++)
				protos[k++] = (uint8_t)x;
		}
		if (k == 0 && op != NOP_NEQ) {
			if (!m->never)
				m->never = "its protocol condition cannot hold";
			return 0;
		}
		return mg_proto(m, protos, k, op == NOP_NEQ);
	}
	case ROLE_NFPROTO:
	case ROLE_ETHERTYPE: {
		unsigned fams = 0;

		for (i = 0; i < n; i++) {
			const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];

			x = nir_scalar_uint(f, &v->lo);
			if (x == 2 || x == 0x0800)
				fams |= FWD_FAM_IPV4;
			else if (x == 10 || x == 0x86dd)
				fams |= FWD_FAM_IPV6;
		}
		if (op == NOP_NEQ)
			fams = FWD_FAM_ALL & ~fams;
		else if (op != NOP_EQ && op != NOP_IN)
			return opaque(m, &w);
		mg_families(m, fams);
		return 0;
	}
	case ROLE_CTSTATE:
		for (i = 0; i < n; i++) {
			const struct nir_range *v = cv ? &cv[i] : &ev[i].c[comp];

			bits |= nir_scalar_uint(f, &v->lo);
		}
		if (op != NOP_EQ && op != NOP_NEQ && op != NOP_IN)
			return opaque(m, &w);
		mg_ct(m, ct_model_bits(bits), op == NOP_NEQ);
		return 0;
	case ROLE_CTSTATUS:
	case ROLE_FIBTYPE:
	case ROLE_FIBOIF: {
		const struct nir_range **v = pool_alloc(&cx->pool,
							(n ? n : 1) * sizeof(*v));

		if (!v)
			return FWD_ENOMEM;
		for (i = 0; i < n; i++)
			v[i] = cv ? &cv[i] : &ev[i].c[comp];
		/* rare enough to name the key up front */
		if (!w.text && !(w.text = key_name(cx, s)))
			return FWD_ENOMEM;
		return f->role == ROLE_CTSTATUS
		       ? nir_lower_ctstatus(m, s, v, n, w.text)
		       : nir_lower_fib(m, s, v, n, w.text);
	}
	case ROLE_TCPFLAGS:
		if (n == 1)
			return lower_tcpflags(m, s, cv ? &cv[0] : &ev[0].c[comp],
					      &w);
		return opaque(m, &w);
	default:
		return opaque(m, &w);
	}
}

/* A match statement; split_elem is the one element of a split, or NULL. */
static int lower_match(struct merge *m, struct nir_ctx *cx,
		       const struct nir_stmt *s, const struct nir_elem *split)
{
	struct nir_elem *ev;
	uint32_t n;
	unsigned i;
	int rc;

	if (split) {
		for (i = 0; i < s->key.n; i++)
			if ((rc = lower_field(m, cx, s, i, NULL, split, 1)))
				return rc;
		return 0;
	}
	if (nir_stmt_elems(cx, s, &ev, &n)) {
		fwd_error_clear(cx->err);
		for (i = 0; i < s->key.n; i++)
			if ((rc = implied(m, s->key.f[i])))
				return rc;
		return mg_opaque(m, key_name(cx, s));
	}
	if (s->key.n == 1)
		return lower_field(m, cx, s, 0, NULL, ev, n);
	if (n == 1 && s->op == NOP_EQ) {
		for (i = 0; i < s->key.n; i++)
			if ((rc = lower_field(m, cx, s, i, NULL, ev, 1)))
				return rc;
		return 0;
	}
	for (i = 0; i < s->key.n; i++)
		if ((rc = implied(m, s->key.f[i])))
			return rc;
	return mg_opaque(m, key_name(cx, s));
}

static void set_verdict(struct fwd_ruleset *rs, struct fwd_rule *r,
			const struct nir_verdict *v)
{
	r->verdict = v->v;
	r->target = v->chain ? fwd_strdup(rs, v->chain) : NULL;
}

/* One model rule; split is the statement split on, elem its element. */
static int emit_one(struct nir_ctx *cx, const struct nir_table *t,
		    struct fwd_chain *c, const struct nir_rule *nr,
		    const char *where, const char *text,
		    const struct nir_stmt *split, const struct nir_elem *elem,
		    const char *never)
{
	struct fwd_rule *r = fwd_rule_add(cx->rs, c);
	struct merge m = { cx->rs, r, never };
	bool decided = false;
	uint32_t i;
	int rc = 0;

	if (!r)
		return nir_oom(cx);
	r->where = where;
	r->text = text;
	r->comment = nr->comment ? fwd_strdup(cx->rs, nr->comment) : NULL;
	r->verdict = FWD_VERDICT_CONTINUE;
	for (i = 0; i < nr->n && !rc; i++) {
		const struct nir_stmt *s = &nr->stmts[i];

		if (s->dead)
			continue;
		switch (s->kind) {
		case NS_MATCH:
			rc = lower_match(&m, cx, s, s == split ? elem : NULL);
			break;
		case NS_VMAP:
			if (s == split && elem) {
				rc = lower_match(&m, cx, s, elem);
				if (elem->has_data)
					set_verdict(cx->rs, r, &elem->data);
				decided = true;
			} else if (!decided) {
				rc = mg_opaque(&m, key_name(cx, s));
			}
			break;
		case NS_VERDICT:
			if (!decided)
				set_verdict(cx->rs, r, &s->verdict);
			decided = true;
			break;
		case NS_STMT:
			if (s->fams)
				mg_families(&m, s->fams);
			if (s->opaque)
				rc = mg_opaque(&m, s->opaque);
			if (!rc && s->verdict.v != FWD_VERDICT_CONTINUE &&
			    !decided) {
				set_verdict(cx->rs, r, &s->verdict);
				decided = true;
			}
			break;
		case NS_XT:
			rc = nft_xt_lower(cx, t, &m, s);
			break;
		}
	}
	if (rc)
		return rc < 0 ? rc : FWD_ENOMEM;
	if (m.never)
		r->inactive = fwd_sprintf(cx->rs, "never matches: %s", m.never);
	return 0;
}

int nir_emit_rule(struct nir_ctx *cx, const struct nir_table *t,
		  struct fwd_chain *c, const struct nir_rule *r,
		  const char *where)
{
	const struct nir_stmt *split = NULL;
	struct nir_elem *ev = NULL;
	const char *text = nir_rule_text(cx, r);
	uint32_t i, n = 0;
	int rc;

	if (!text || !where)
		return nir_oom(cx);
	for (i = 0; i < r->n && !split; i++) {
		const struct nir_stmt *s = &r->stmts[i];

		if (s->dead)
			continue;
		if (s->kind == NS_VMAP ||
		    (s->kind == NS_MATCH && s->key.n > 1 && s->op == NOP_EQ &&
		     !s->key.masked)) {
			if (nir_stmt_elems(cx, s, &ev, &n)) {
				fwd_error_clear(cx->err);
				continue;
			}
			if (s->kind == NS_MATCH && n <= 1)
				continue;
			if (n > SPLIT_MAX) {
				fwd_ruleset_note(cx->rs, FWD_NOTE_WARNING,
						 "%s: %u elements, too many "
						 "to follow one by one",
						 where, n);
				continue;
			}
			split = s;
		}
	}
	if (!split)
		return emit_one(cx, t, c, r, where, text, NULL, NULL, NULL);
	if (n == 0)
		return emit_one(cx, t, c, r, where, text, split, NULL,
				"its map or set is empty");
	for (i = 0; i < n; i++)
		if ((rc = emit_one(cx, t, c, r, where, text, split, &ev[i],
				   NULL)))
			return rc;
	return 0;
}
