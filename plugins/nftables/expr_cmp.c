/*
 * expr_cmp.c — expressions that compare a register: cmp, range and
 * lookup (sets, and verdict maps when the lookup writes the verdict
 * register). They record raw matches for live_resolve.c; a "cmp gte"
 * followed by "cmp lte" on the same load is one range, as nft prints it.
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"

static bool usable(struct lr_ctx *lc, const struct reg_val *r, int *rc)
{
	if (r && r->kind == RV_LOAD)
		return true;
	*rc = lr_unknown(lc, r && r->kind == RV_UNKNOWN ? r->name : "cmp");
	return false;
}

static bool all_zero(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint32_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static int p_cmp(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct reg_val *r = lr_reg(lc, e, NFTA_CMP_SREG);
	uint32_t op = lr_u32(e, NFTA_CMP_OP), len = 0;
	const void *data = lr_data(e, NFTA_CMP_DATA, &len);
	struct lr_item *it, *prev = lc->n ? &lc->items[lc->n - 1] : NULL;
	int rc = 0;

	if (!usable(lc, r, &rc))
		return rc;
	if (!data || len > 16)
		return lr_unknown(lc, "cmp");
	if (op == NFT_CMP_LTE && prev && prev->raw && prev->form == LR_CMP &&
	    prev->op == NOP_GTE && prev->nk == 1 && prev->dlen == len &&
	    memcmp(&prev->k[0], r, sizeof(*r)) == 0) {
		prev->form = LR_RANGE;
		prev->op = NOP_EQ;
		memcpy(prev->to, data, len);
		return 0;
	}
	it = lr_push(lc, true);
	if (!it)
		return nir_oom(lc->cx);
	it->k[0] = *r;
	it->nk = 1;
	it->form = LR_CMP;
	memcpy(it->data, data, len);
	it->dlen = len;
	switch (op) {
	case NFT_CMP_EQ: it->op = NOP_EQ; break;
	case NFT_CMP_NEQ: it->op = NOP_NEQ; break;
	case NFT_CMP_LT: it->op = NOP_LT; break;
	case NFT_CMP_LTE: it->op = NOP_LTE; break;
	case NFT_CMP_GT: it->op = NOP_GT; break;
	case NFT_CMP_GTE: it->op = NOP_GTE; break;
	default: it->op = NOP_EQ; break;
	}
	/* "ct state established,related": (reg & mask) != 0 */
	if (r->masked && it->op == NOP_NEQ && all_zero(data, len)) {
		it->form = LR_FLAGS;
		it->op = NOP_IN;
	}
	return 0;
}

static int p_range(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct reg_val *r = lr_reg(lc, e, NFTA_RANGE_SREG);
	uint32_t fl = 0, tl = 0;
	const void *from = lr_data(e, NFTA_RANGE_FROM_DATA, &fl);
	const void *to = lr_data(e, NFTA_RANGE_TO_DATA, &tl);
	struct lr_item *it;
	int rc = 0;

	if (!usable(lc, r, &rc))
		return rc;
	if (!from || !to || fl != tl || fl > 16)
		return lr_unknown(lc, "range");
	it = lr_push(lc, true);
	if (!it)
		return nir_oom(lc->cx);
	it->k[0] = *r;
	it->nk = 1;
	it->form = LR_RANGE;
	it->op = lr_u32(e, NFTA_RANGE_OP) == NFT_RANGE_NEQ
		 ? NOP_NEQ : NOP_EQ;
	memcpy(it->data, from, fl);
	memcpy(it->to, to, tl);
	it->dlen = fl;
	return 0;
}

static int p_lookup(struct lr_ctx *lc, const struct lr_expr *e)
{
	const char *name = lr_str(e, NFTA_LOOKUP_SET);
	int u = lr_unit(lr_u32(e, NFTA_LOOKUP_SREG));
	struct nir_set *set = name ? nir_table_set(lc->t, name) : NULL;
	uint32_t keylen, left;
	struct lr_item *it;
	int rc = 0;

	if (u < 0 || !set || !usable(lc, &lc->regs[u], &rc))
		return rc ? rc : lr_unknown(lc, "lookup");
	if (lr_has(e, NFTA_LOOKUP_DREG) &&
	    lr_u32(e, NFTA_LOOKUP_DREG) != NFT_REG_VERDICT) {
		/* a data map feeding a later statement */
		struct reg_val *d = lr_reg(lc, e, NFTA_LOOKUP_DREG);

		if (d) {
			memset(d, 0, sizeof(*d));
			d->kind = RV_UNKNOWN;
			d->name = "map";
		}
		return 0;
	}
	it = lr_push(lc, true);
	if (!it)
		return nir_oom(lc->cx);
	it->form = LR_LOOKUP;
	it->set = set;
	it->vmap = lr_has(e, NFTA_LOOKUP_DREG);
	it->op = (lr_u32(e, NFTA_LOOKUP_FLAGS) &
		  NFT_LOOKUP_F_INV) ? NOP_NEQ : NOP_EQ;
	/* A key longer than the first register's load is a concatenation
	 * of the loads in the registers that follow. */
	keylen = nftnl_set_get_u32(set->src, NFTNL_SET_KEY_LEN);
	left = keylen;
	while (left > 0 && it->nk < NIR_MAX_CONCAT && u < LR_UNITS) {
		const struct reg_val *r = &lc->regs[u];
		uint32_t l = r->len ? r->len : 4, padded = (l + 3) & ~3u;

		if (r->kind != RV_LOAD) {
			lc->n--;
			return lr_unknown(lc, r->kind == RV_UNKNOWN ? r->name
								   : "lookup");
		}
		it->k[it->nk++] = *r;
		if (padded >= left)
			break;
		left -= padded;
		u += (int)(padded / 4);
	}
	return 0;
}

const struct lr_expr_ops lr_cmp_ops[] = {
	{ "cmp", p_cmp },
	{ "range", p_range },
	{ "lookup", p_lookup },
	{ NULL, NULL },
};
