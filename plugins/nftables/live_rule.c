/*
 * live_rule.c — pass 1 of live_rule.h: each expression of a rule goes to
 * the ops entry of its kind; register contents are followed in lc->regs.
 */
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"

int lr_unit(uint32_t reg)
{
	int u;

	if (reg <= NFT_REG_4)
		u = (int)reg * 4;
	else
		u = (int)reg - NFT_REG32_00 + 4;
	return u >= 0 && u < LR_UNITS ? u : -1;
}

struct reg_val *lr_reg(struct lr_ctx *lc, struct nftnl_expr *e, uint16_t attr)
{
	int u;

	if (!nftnl_expr_is_set(e, attr))
		return NULL;
	u = lr_unit(nftnl_expr_get_u32(e, attr));
	return u < 0 ? NULL : &lc->regs[u];
}

struct lr_item *lr_push(struct lr_ctx *lc, bool raw)
{
	struct lr_item *it;

	if (pool_grow(&lc->cx->pool, (void **)&lc->items, &lc->cap,
		      lc->n + 1, sizeof(*lc->items)))
		return NULL;
	it = &lc->items[lc->n++];
	memset(it, 0, sizeof(*it));
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

static const struct lr_expr_ops *find_ops(const char *name)
{
	const struct lr_expr_ops *const tables[] = {
		lr_load_ops, lr_cmp_ops, lr_stmt_ops,
	};
	const struct lr_expr_ops *o;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		for (o = tables[i]; o->name; o++)
			if (strcmp(o->name, name) == 0)
				return o;
	return NULL;
}

struct walk {
	struct lr_ctx *lc;
	int rc;
};

static int walk_cb(struct nftnl_expr *e, void *data)
{
	struct walk *w = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	const struct lr_expr_ops *o = name ? find_ops(name) : NULL;
	if (w->rc)
		return -1;
	if (o) {
		w->rc = o->parse(w->lc, e);
		return w->rc ? -1 : 0;
	}
	/* A statement this reader does not know: opaque, by its name. */
	w->rc = lr_unknown(w->lc, name ? name : "expression");
	return w->rc ? -1 : 0;
}

/* Userdata TLVs: type 0 is the rule comment. */
static const char *rule_comment(struct nir_ctx *cx, struct nftnl_rule *r)
{
	uint32_t len = 0, i = 0;
	const uint8_t *u;

	if (!nftnl_rule_is_set(r, NFTNL_RULE_USERDATA))
		return NULL;
	u = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
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

int lr_rule(struct nir_ctx *cx, struct nir_table *t, struct nftnl_rule *r,
	    struct nir_rule *out)
{
	struct lr_ctx lc;
	struct walk w = { &lc, 0 };

	memset(&lc, 0, sizeof(lc));
	memset(out, 0, sizeof(*out));
	lc.cx = cx;
	lc.t = t;
	out->handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
	out->comment = rule_comment(cx, r);
	nftnl_expr_foreach(r, walk_cb, &w);
	if (w.rc)
		return w.rc;
	return lr_resolve(&lc, out);
}
