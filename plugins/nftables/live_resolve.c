/*
 * live_resolve.c — pass 2 of live_rule.h: raw matches get their field
 * names from the protocol context (which network and transport header a
 * load reads), values become scalars, and implicit protocol dependencies
 * are marked dead where nft's listing leaves them out: "meta l4proto tcp"
 * before "tcp dport", "meta nfproto ipv4" before "ip saddr", as long as
 * no other statement stands between them.
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"
#include "stmt_text.h"

struct rstate {
	struct lr_ctx *lc;
	struct nir_rule *out;
	const char *l3;  /* "ip", "ip6", NULL when unknown */
	uint8_t l4;      /* transport protocol, 0 when unknown */
	int dep3, dep4;  /* removable dependency statements, -1 none */
	uint8_t dep4_val;
};

static const struct nir_field *field_of(struct rstate *st,
					const struct reg_val *r, bool *prefix)
{
	const struct nir_field *f;
	const char *proto;

	*prefix = false;
	if (r->kind != RV_LOAD)
		return NULL;
	if (r->lk == NIRK_META) {
		f = nir_field_meta(r->key);
		return f && f->len == r->len ? f : NULL;
	}
	if (r->lk == NIRK_CT)
		return nir_field_ct(r->key);
	if (r->lk == NIRK_FIB)
		return nir_field_fib(r->offset, r->key);
	if (r->base == NFT_PAYLOAD_NETWORK_HEADER)
		proto = st->l3;
	else if (r->base == NFT_PAYLOAD_TRANSPORT_HEADER)
		proto = nir_l4_header(st->l4) ? nir_l4_header(st->l4) : "th";
	else
		return NULL;
	if (!proto)
		return NULL;
	f = nir_field_payload(proto, r->offset, r->len);
	if (f)
		return f;
	f = nir_field_at(proto, r->offset);
	if (f && (f->type == NT_IPV4 || f->type == NT_IPV6) && r->len < f->len) {
		*prefix = true;
		return f;
	}
	return NULL;
}

/* Address prefix from a partial or masked load: data covers len bytes.
 * Byte by byte: this runs for every address match of every rule. */
static int addr_range(const struct nir_field *f, const struct reg_val *r,
		      const uint8_t *data, struct nir_range *out)
{
	unsigned i, bits = 0, full, rest;
	bool ones = true;

	memset(out, 0, sizeof(*out));
	if (r->len > f->width)
		return -1;
	/* A prefix mask: ones, then zeros (a byte at a time). */
	for (i = 0; i < r->len; i++) {
		uint8_t m = r->masked ? r->mask[i] : 0xff, z = (uint8_t)~m;

		if (!ones) {
			if (m)
				return -1;
		} else if (m != 0xff) {
			if (z & (uint8_t)(z + 1))
				return -1; /* ones after a zero */
			bits += (unsigned)__builtin_popcount(m);
			ones = false;
		} else {
			bits += 8;
		}
	}
	full = bits / 8;
	rest = bits % 8;
	memcpy(out->lo.b, data, full);
	memcpy(out->hi.b, data, full);
	if (rest) {
		uint8_t keep = (uint8_t)(0xff << (8 - rest));

		out->lo.b[full] = data[full] & keep;
		out->hi.b[full] = (uint8_t)(data[full] | ~keep);
		full++;
	}
	memset(out->hi.b + full, 0xff, f->width - full);
	return 0;
}

static int scalar(const struct nir_field *f, const struct reg_val *r,
		  const uint8_t *data, uint32_t len, struct nir_scalar *s)
{
	if (r->swapped) {
		if (len > f->width)
			return -1;
		memset(s, 0, sizeof(*s));
		memcpy(s->b + (f->width - len), data, len);
		return 0;
	}
	return nir_scalar_from_data(f, data, len, s);
}

/* The value of a cmp / range item for field f, read as form and op
 * (which may differ from the item's own: see match_one). */
static int value(const struct nir_field *f, bool prefix,
		 const struct lr_item *it, enum lr_form form, enum nir_op op,
		 struct nir_range *v)
{
	const struct reg_val *r = &it->k[0];

	if (prefix || (r->masked && (f->type == NT_IPV4 || f->type == NT_IPV6))) {
		if (form != LR_CMP || (op != NOP_EQ && op != NOP_NEQ))
			return -1;
		return addr_range(f, r, it->data, v);
	}
	if (f->type == NT_IFNAME && form == LR_CMP && !r->masked) {
		memset(v, 0, sizeof(*v));
		if (it->dlen > 16)
			return -1;
		memcpy(v->lo.b, it->data, it->dlen);
		v->hi = v->lo;
		if (!memchr(it->data, 0, it->dlen))
			memset(v->hi.b + it->dlen, 0xff, 16 - it->dlen);
		return 0;
	}
	if (form == LR_FLAGS) {
		if (scalar(f, r, r->mask, r->len, &v->lo))
			return -1;
		v->hi = v->lo;
		return 0;
	}
	if (scalar(f, r, it->data, it->dlen, &v->lo))
		return -1;
	v->hi = v->lo;
	if (form == LR_RANGE && scalar(f, r, it->to, it->dlen, &v->hi))
		return -1;
	return 0;
}

static void kill_deps(struct rstate *st, const struct nir_field *f)
{
	if (f->kind != NIRK_PAYLOAD)
		return;
	if (f->base == NFT_PAYLOAD_NETWORK_HEADER && st->dep3 >= 0) {
		st->out->stmts[st->dep3].dead = true;
		st->dep3 = -1;
	}
	/* In inet tables "ip protocol tcp" also says ipv4: nft keeps it. */
	if (f->base == NFT_PAYLOAD_TRANSPORT_HEADER && f->l4 && st->dep4 >= 0 &&
	    st->dep4_val == f->l4 &&
	    !(st->lc->t->nfproto == 1 &&
	      st->out->stmts[st->dep4].key.f[0]->kind == NIRK_PAYLOAD)) {
		st->out->stmts[st->dep4].dead = true;
		st->dep4 = -1;
	}
}

/* After an "==" match on a protocol key: new context, new dependency. */
static void learn(struct rstate *st, const struct nir_stmt *s, int idx)
{
	const struct nir_field *f = s->key.f[0];
	uint64_t v;

	if (s->op != NOP_EQ || s->set || s->braces || s->n_elems != 1 ||
	    s->key.n != 1 || s->key.masked ||
	    memcmp(&s->elems[0].c[0].lo, &s->elems[0].c[0].hi,
		   sizeof(struct nir_scalar)) != 0)
		return;
	v = nir_scalar_uint(f, &s->elems[0].c[0].lo);
	if ((f->role == ROLE_NFPROTO || f->role == ROLE_ETHERTYPE) &&
	    st->lc->t->nfproto == 1) {
		st->l3 = v == 2 || v == 0x0800 ? "ip" :
			 v == 10 || v == 0x86dd ? "ip6" : NULL;
		st->dep3 = idx;
	} else if (f->role == ROLE_L4PROTO) {
		if (st->dep3 >= 0 && f->kind == NIRK_META && st->l3 &&
		    ((v == 1 && strcmp(st->l3, "ip") == 0) ||
		     (v == 58 && strcmp(st->l3, "ip6") == 0))) {
			st->out->stmts[st->dep3].dead = true;
			st->dep3 = -1;
		}
		st->l4 = (uint8_t)v;
		st->dep4 = idx;
		st->dep4_val = (uint8_t)v;
	}
}

static int push(struct rstate *st, const struct nir_stmt *s)
{
	struct nir_stmt *d = nir_rule_push(st->lc->cx, st->out, s->kind);

	if (!d)
		return nir_oom(st->lc->cx);
	*d = *s;
	return 0;
}

/* One match on one field (the usual case). */
static int match_one(struct rstate *st, const struct lr_item *it,
		     const struct nir_field *f, bool prefix)
{
	bool addr = f->type == NT_IPV4 || f->type == NT_IPV6;
	bool bitmask = f->type == NT_TCPFLAGS || f->type == NT_CTSTATE ||
		       f->type == NT_CTSTATUS;
	const struct reg_val *r = &it->k[0];
	enum lr_form form = it->form;
	enum nir_op op = it->op;
	struct nir_stmt s;

	if (form == LR_FLAGS && !bitmask) {
		/* "meta mark & 0x1 != 0" */
		form = LR_CMP;
		op = NOP_NEQ;
	}
	memset(&s, 0, sizeof(s));
	s.kind = NS_MATCH;
	s.key.f[0] = f;
	s.key.n = 1;
	s.op = op;
	if (r->masked && !addr && form != LR_FLAGS) {
		s.key.masked = true;
		if (scalar(f, r, r->mask, r->len, &s.key.mask))
			return 1;
	}
	s.elems = pool_alloc(&st->lc->cx->pool, sizeof(*s.elems));
	if (!s.elems)
		return nir_oom(st->lc->cx);
	s.n_elems = 1;
	if (value(f, prefix, it, form, op, &s.elems[0].c[0]))
		return 1;
	kill_deps(st, f);
	if (push(st, &s))
		return -1;
	learn(st, &st->out->stmts[st->out->n - 1], (int)st->out->n - 1);
	return 0;
}

/* iptables-nft and nft merge adjacent "==" loads: split them again. */
static int match_split(struct rstate *st, const struct lr_item *it)
{
	const struct reg_val *r = &it->k[0];
	const char *proto = r->base == NFT_PAYLOAD_NETWORK_HEADER ? st->l3 :
		(nir_l4_header(st->l4) ? nir_l4_header(st->l4) : "th");
	struct lr_item part;
	uint32_t off = 0;

	if (!proto || it->form != LR_CMP || it->op != NOP_EQ || r->masked ||
	    r->lk != NIRK_PAYLOAD)
		return 1;
	while (off < r->len) {
		const struct nir_field *f = nir_field_at(proto, r->offset + off);
		int rc;

		if (!f || f->len > r->len - off)
			return 1;
		part = *it;
		part.k[0].offset = r->offset + off;
		part.k[0].len = f->len;
		memcpy(part.data, it->data + off, f->len);
		part.dlen = f->len;
		if ((rc = match_one(st, &part, f, false)))
			return rc;
		off += f->len;
	}
	return 0;
}

static int lookup(struct rstate *st, const struct lr_item *it)
{
	struct nir_stmt s;
	unsigned i;
	bool prefix;

	memset(&s, 0, sizeof(s));
	s.kind = it->vmap ? NS_VMAP : NS_MATCH;
	s.op = it->op;
	for (i = 0; i < it->nk; i++) {
		s.key.f[i] = field_of(st, &it->k[i], &prefix);
		if (!s.key.f[i] || prefix || it->k[i].masked)
			return 1;
	}
	s.key.n = it->nk;
	if (it->set->anonymous) {
		if (live_set_elems(st->lc->cx, it->set, &s.key, &s.elems,
				   &s.n_elems)) {
			fwd_error_clear(st->lc->cx->err);
			return 1;
		}
		s.braces = true;
	} else {
		s.set = it->set;
	}
	for (i = 0; i < s.key.n; i++)
		kill_deps(st, s.key.f[i]);
	return push(st, &s) ? -1 : 0;
}

static int reject(struct rstate *st, const struct lr_item *it)
{
	bool v6 = st->l3 && strcmp(st->l3, "ip6") == 0;
	const char *text = st_reject_text(st->lc->cx, st->lc->t, it->rej_type,
					  it->rej_code, v6);
	struct nir_stmt s;

	memset(&s, 0, sizeof(s));
	s.kind = NS_STMT;
	s.text = text;
	s.verdict.v = FWD_VERDICT_REJECT;
	if (it->rej_type == ST_REJ_ICMP && st->lc->t->nfproto == 1) {
		s.fams = v6 ? FWD_FAM_IPV6 : FWD_FAM_IPV4;
		if (st->dep3 >= 0) {
			st->out->stmts[st->dep3].dead = true;
			st->dep3 = -1;
		}
	}
	if (!text)
		return nir_oom(st->lc->cx);
	return push(st, &s);
}

static const char *raw_name(const struct lr_item *it)
{
	const struct reg_val *r = &it->k[0];

	if (r->kind == RV_UNKNOWN && r->name)
		return r->name;
	if (r->lk == NIRK_META)
		return "meta";
	if (r->lk == NIRK_CT)
		return "ct";
	if (r->lk == NIRK_FIB)
		return "fib";
	return "payload";
}

int lr_resolve(struct lr_ctx *lc, struct nir_rule *out)
{
	struct rstate st = { lc, out, NULL, 0, -1, -1, 0 };
	uint32_t i;
	int rc;

	/* about one statement per item: room for them at once */
	out->cap = lc->n + 4;
	if (!(out->stmts = pool_alloc_raw(&lc->cx->pool,
					  out->cap * sizeof(*out->stmts))))
		return nir_oom(lc->cx);
	if (lc->t->nfproto == 2)
		st.l3 = "ip";
	else if (lc->t->nfproto == 10)
		st.l3 = "ip6";
	for (i = 0; i < lc->n; i++) {
		const struct lr_item *it = &lc->items[i];

		if (!it->raw) {
			if ((rc = push(&st, &it->s)))
				return rc;
			if (it->s.kind != NS_MATCH)
				st.dep3 = st.dep4 = -1;
			continue;
		}
		if (it->form == LR_REJECT) {
			if ((rc = reject(&st, it)))
				return rc;
			st.dep3 = st.dep4 = -1;
			continue;
		}
		if (it->form == LR_LOOKUP) {
			rc = lookup(&st, it);
		} else {
			bool prefix;
			const struct nir_field *f = field_of(&st, &it->k[0],
							     &prefix);

			rc = f ? match_one(&st, it, f, prefix)
			       : match_split(&st, it);
		}
		if (rc < 0)
			return lc->cx->err && lc->cx->err->code ?
			       lc->cx->err->code : FWD_ENOMEM;
		if (rc > 0) {
			/* not understood: opaque, named by its kind */
			if (lr_unknown(lc, raw_name(it)))
				return FWD_ENOMEM;
			if ((rc = push(&st, &lc->items[lc->n - 1].s)))
				return rc;
			lc->n--;
			st.dep3 = st.dep4 = -1;
		}
	}
	return 0;
}
