/*
 * text.c — a rule of the intermediate form printed the way `nft list
 * ruleset` prints it, so that a finding names the rule as the operator
 * wrote it. Counters print without their values (as `nft -s` does): the
 * text must not change between a live read and an export made a moment
 * later.
 */
#include <stdlib.h>
#include <string.h>

#include "nir.h"

void nir_key_print(struct strbuf *sb, const struct nir_key *k)
{
	unsigned i;

	for (i = 0; i < k->n; i++) {
		const struct nir_field *f = k->f[i];

		if (i)
			sb_add(sb, " . ");
		if (f->kind == NIRK_META && (f->flags & NIRF_BARE))
			sb_add(sb, f->name);
		else {
			sb_add(sb, f->proto);
			sb_addc(sb, ' ');
			sb_add(sb, f->name);
		}
	}
	if (k->masked && k->n == 1) {
		sb_add(sb, " & ");
		nir_mask_print(sb, k->f[0], &k->mask);
	}
}

void nir_verdict_print(struct strbuf *sb, const struct nir_verdict *v)
{
	switch (v->v) {
	case FWD_VERDICT_ACCEPT: sb_add(sb, "accept"); break;
	case FWD_VERDICT_DROP: sb_add(sb, "drop"); break;
	case FWD_VERDICT_REJECT: sb_add(sb, "reject"); break;
	case FWD_VERDICT_RETURN: sb_add(sb, "return"); break;
	case FWD_VERDICT_QUEUE: sb_add(sb, "queue"); break;
	case FWD_VERDICT_CONTINUE: sb_add(sb, "continue"); break;
	case FWD_VERDICT_JUMP:
		sb_add(sb, "jump ");
		sb_add(sb, v->chain ? v->chain : "?");
		break;
	case FWD_VERDICT_GOTO:
		sb_add(sb, "goto ");
		sb_add(sb, v->chain ? v->chain : "?");
		break;
	}
}

static void elem_print(struct strbuf *sb, const struct nir_key *k,
		       const struct nir_elem *e)
{
	unsigned i;

	for (i = 0; i < k->n; i++) {
		if (i)
			sb_add(sb, " . ");
		nir_range_print(sb, k->f[i], &e->c[i]);
	}
	if (e->has_data) {
		sb_add(sb, " : ");
		nir_verdict_print(sb, &e->data);
	}
}

static void value_print(struct strbuf *sb, const struct nir_stmt *s)
{
	uint32_t i;

	if (s->set) {
		sb_addc(sb, '@');
		sb_add(sb, s->set->name);
		return;
	}
	if (!s->braces && s->n_elems == 1) {
		elem_print(sb, &s->key, &s->elems[0]);
		return;
	}
	sb_add(sb, "{ ");
	for (i = 0; i < s->n_elems; i++) {
		if (i)
			sb_add(sb, ", ");
		elem_print(sb, &s->key, &s->elems[i]);
	}
	sb_add(sb, " }");
}

static bool bitmask_type(enum nir_type t)
{
	return t == NT_CTSTATE || t == NT_TCPFLAGS || t == NT_CTSTATUS;
}

static const char *op_text(const struct nir_stmt *s)
{
	switch (s->op) {
	case NOP_EQ:
		/* a bare flag means "some of these bits": equality is "==" */
		return s->key.masked || (s->key.n == 1 && !s->braces &&
					 !s->set &&
					 bitmask_type(s->key.f[0]->type))
		       ? "== " : "";
	case NOP_IN: return "";
	case NOP_NEQ: return "!= ";
	case NOP_LT: return "< ";
	case NOP_GT: return "> ";
	case NOP_LTE: return "<= ";
	case NOP_GTE: return ">= ";
	}
	return "";
}

/* nft's words for "(flags & mask) == value": "ct state ! new" when value
 * is 0, "tcp flags syn / syn,ack" otherwise. */
static bool flags_print(struct strbuf *sb, const struct nir_stmt *s)
{
	const struct nir_field *f = s->key.f[0];
	struct nir_key bare = s->key;
	struct nir_scalar zero;

	if (s->kind != NS_MATCH || !s->key.masked || s->op != NOP_EQ ||
	    s->key.n != 1 || !bitmask_type(f->type) || s->set ||
	    s->n_elems != 1)
		return false;
	memset(&zero, 0, sizeof(zero));
	bare.masked = false;
	nir_key_print(sb, &bare);
	if (nir_scalar_cmp(f, &s->elems[0].c[0].lo, &zero) == 0) {
		sb_add(sb, " ! ");
	} else {
		sb_add(sb, " ");
		nir_scalar_print(sb, f, &s->elems[0].c[0].lo);
		sb_add(sb, " / ");
	}
	nir_scalar_print(sb, f, &s->key.mask);
	return true;
}

static void stmt_print(struct strbuf *sb, const struct nir_stmt *s)
{
	if (flags_print(sb, s))
		return;
	switch (s->kind) {
	case NS_MATCH:
		nir_key_print(sb, &s->key);
		sb_addc(sb, ' ');
		sb_add(sb, op_text(s));
		value_print(sb, s);
		break;
	case NS_VMAP:
		nir_key_print(sb, &s->key);
		sb_add(sb, " vmap ");
		value_print(sb, s);
		break;
	case NS_VERDICT:
		nir_verdict_print(sb, &s->verdict);
		break;
	case NS_STMT:
	case NS_XT:
		sb_add(sb, s->text ? s->text : "?");
		break;
	}
}

const char *nir_rule_text(struct nir_ctx *cx, const struct nir_rule *r)
{
	char stack[256];
	struct strbuf sb;
	const char *ret;
	bool first = true;
	uint32_t i;

	sb_init_on(&sb, stack, sizeof(stack));
	for (i = 0; i < r->n; i++) {
		if (r->stmts[i].dead)
			continue;
		if (!first)
			sb_add(&sb, " ");
		stmt_print(&sb, &r->stmts[i]);
		first = false;
	}
	if (r->comment) {
		sb_add(&sb, first ? "comment \"" : " comment \"");
		sb_add(&sb, r->comment);
		sb_addc(&sb, '"');
	}
	ret = sb.failed ? NULL : fwd_strndup(cx->rs, sb.buf, sb.len);
	sb_release(&sb);
	return ret;
}

static const struct nir_key *sort_key;

static int elem_cmp(const void *a, const void *b)
{
	const struct nir_elem *x = a, *y = b;
	unsigned i;
	int c;

	for (i = 0; i < sort_key->n; i++) {
		c = nir_scalar_cmp(sort_key->f[i], &x->c[i].lo, &y->c[i].lo);
		if (c)
			return c;
		c = nir_scalar_cmp(sort_key->f[i], &x->c[i].hi, &y->c[i].hi);
		if (c)
			return c;
	}
	return 0;
}

void nir_elems_sort(const struct nir_key *k, struct nir_elem *e, uint32_t n)
{
	if (n < 2)
		return;
	sort_key = k;
	qsort(e, n, sizeof(*e), elem_cmp);
	sort_key = NULL;
}
