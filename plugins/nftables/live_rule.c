/*
 * live_rule.c — pass 1 of live_rule.h: each expression of a rule goes to
 * the ops entry of its kind; register contents are followed in lc->regs.
 */
#include <stddef.h>
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"
#include "live_sock.h"

int lr_unit(uint32_t reg)
{
	int u;

	if (reg <= NFT_REG_4)
		u = (int)reg * 4;
	else
		u = (int)reg - NFT_REG32_00 + 4;
	return u >= 0 && u < LR_UNITS ? u : -1;
}

struct reg_val *lr_reg(struct lr_ctx *lc, const struct lr_expr *e,
		       uint16_t attr)
{
	int u;

	if (!lr_has(e, attr))
		return NULL;
	u = lr_unit(lr_u32(e, attr));
	return u < 0 ? NULL : &lc->regs[u];
}

struct lr_item *lr_push(struct lr_ctx *lc, bool raw)
{
	struct lr_item *it;

	if (pool_grow(&lc->cx->pool, (void **)&lc->items, &lc->cap,
		      lc->n + 1, sizeof(*lc->items)))
		return NULL;
	it = &lc->items[lc->n++];
	/* not all of it: an item is large, and there is one per expression */
	memset(it, 0, offsetof(struct lr_item, k) + sizeof(it->k[0]));
	it->raw = raw;
	return it;
}

int lr_text(struct lr_ctx *lc, const char *text, const char *opaque,
	    enum fwd_verdict v)
{
	struct lr_item *it = lr_push(lc, false);

	if (!it || !text)
		return nir_oom(lc->cx);
	it->s.kind = NS_STMT;
	it->s.text = text;
	it->s.opaque = opaque;
	it->s.verdict.v = v;
	return 0;
}

int lr_unknown(struct lr_ctx *lc, const char *what)
{
	return lr_text(lc, fwd_sprintf(lc->cx->rs, "%s (not decoded)", what),
		       fwd_strdup(lc->cx->rs, what), FWD_VERDICT_CONTINUE);
}

/* The first two bytes are compared before strcmp is called: they tell
 * all but a few names apart, and this runs for every expression of every
 * rule. (name[1] is read only when name[0] matched a non-empty name.) */
static const struct lr_expr_ops *find_ops(const char *name)
{
	const struct lr_expr_ops *const tables[] = {
		lr_load_ops, lr_cmp_ops, lr_stmt_ops,
	};
	const struct lr_expr_ops *o;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (o = tables[i]; o->name; o++)
			if (o->name[0] == name[0] && o->name[1] == name[1] &&
			    strcmp(o->name, name) == 0)
				return o;
	return NULL;
}

/* Userdata TLVs: type 0 is the rule comment. */
static const char *rule_comment(struct nir_ctx *cx, const struct lr_msg *m)
{
	uint32_t len = m->udata_len, i = 0;
	const uint8_t *u = m->udata;

	while (u && i + 2 <= len) {
		uint8_t type = u[i], l = u[i + 1];

		if (i + 2 + l > len)
			break;
		if (type == 0 && l > 0)
			return pool_strndup(&cx->pool, (const char *)u + i + 2,
					    strnlen((const char *)u + i + 2, l));
		i += 2u + l;
	}
	return NULL;
}

int lr_rule(struct nir_ctx *cx, struct nir_table *t, const struct lr_msg *m,
	    struct nir_rule *out)
{
	const struct lr_expr_ops *o;
	struct lr_ctx lc;
	struct lr_expr e;
	uint32_t pos = 0;
	int more, rc;

	memset(&lc, 0, sizeof(lc));
	memset(out, 0, sizeof(*out));
	lc.cx = cx;
	lc.t = t;
	/* room for most rules at once: growing copies the (large) items */
	lc.cap = 16;
	lc.items = pool_alloc_raw(&cx->pool, lc.cap * sizeof(*lc.items));
	if (!lc.items)
		return nir_oom(cx);
	out->handle = m->handle;
	out->comment = rule_comment(cx, m);
	while ((more = lr_msg_expr(m, &pos, &e)) > 0) {
		/* A statement this reader does not know: opaque, by name. */
		rc = (o = find_ops(e.name)) ? o->parse(&lc, &e)
					    : lr_unknown(&lc, e.name);
		if (rc)
			return rc;
	}
	if (more < 0)
		return fwd_error_set(cx->err, FWD_EIO, LIVE_SOURCE, 0, 0,
				     "a rule of table %s chain %s (handle "
				     "%llu): malformed expression list in a "
				     "netlink message from nf_tables",
				     m->table ? m->table : "?",
				     m->chain ? m->chain : "?",
				     (unsigned long long)m->handle);
	return lr_resolve(&lc, out);
}
