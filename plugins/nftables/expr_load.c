/*
 * expr_load.c — expressions that fill registers: payload, meta and ct
 * loads, the fib lookups of fields.c, immediates, bitwise and byteorder,
 * and the loads this reader does not interpret (rt, socket, ...), which
 * only make the comparison that follows them opaque. meta/ct with a
 * source register are "set" statements and print as such.
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"

static int load(struct lr_ctx *lc, const struct lr_expr *e, uint16_t dreg,
		struct reg_val *v)
{
	struct reg_val *d = lr_reg(lc, e, dreg);

	if (!d)
		return lr_unknown(lc, e->name);
	*d = *v;
	return 0;
}

/* "meta mark set 0x00000001", "ct mark set meta mark" */
static int set_stmt(struct lr_ctx *lc, const struct nir_field *f,
		    struct reg_val *src)
{
	struct strbuf sb;
	struct nir_key k = { { f }, 1, false, { { 0 } } };
	struct nir_scalar v;
	const char *text;
	int rc;

	sb_init(&sb);
	nir_key_print(&sb, &k);
	sb_add(&sb, " set ");
	if (src && src->kind == RV_IMM &&
	    nir_scalar_from_data(f, src->data, src->dlen, &v) == 0) {
		nir_scalar_print(&sb, f, &v);
	} else if (src && src->kind == RV_LOAD && !src->masked &&
		   src->lk != NIRK_PAYLOAD &&
		   (k.f[0] = src->lk == NIRK_META ? nir_field_meta(src->key)
						  : nir_field_ct(src->key))) {
		nir_key_print(&sb, &k);
	} else {
		sb_add(&sb, "?");
	}
	text = fwd_strdup(lc->cx->rs, sb_str(&sb));
	sb_release(&sb);
	rc = lr_text(lc, text, NULL, FWD_VERDICT_CONTINUE);
	return rc;
}

static int p_payload(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct reg_val v;

	if (lr_has(e, NFTA_PAYLOAD_SREG))
		return lr_unknown(lc, "payload");
	memset(&v, 0, sizeof(v));
	v.kind = RV_LOAD;
	v.lk = NIRK_PAYLOAD;
	v.base = lr_u32(e, NFTA_PAYLOAD_BASE);
	v.offset = lr_u32(e, NFTA_PAYLOAD_OFFSET);
	v.len = lr_u32(e, NFTA_PAYLOAD_LEN);
	return load(lc, e, NFTA_PAYLOAD_DREG, &v);
}

static int p_meta(struct lr_ctx *lc, const struct lr_expr *e)
{
	uint32_t key = lr_u32(e, NFTA_META_KEY);
	const struct nir_field *f = nir_field_meta(key);
	struct reg_val v;

	if (lr_has(e, NFTA_META_SREG)) {
		if (!f)
			return lr_unknown(lc, "meta");
		return set_stmt(lc, f, lr_reg(lc, e, NFTA_META_SREG));
	}
	memset(&v, 0, sizeof(v));
	v.kind = f ? RV_LOAD : RV_UNKNOWN;
	v.lk = NIRK_META;
	v.key = key;
	v.len = f ? f->len : 4;
	v.name = "meta";
	return load(lc, e, NFTA_META_DREG, &v);
}

static int p_ct(struct lr_ctx *lc, const struct lr_expr *e)
{
	uint32_t key = lr_u32(e, NFTA_CT_KEY);
	const struct nir_field *f = nir_field_ct(key);
	bool dir = lr_has(e, NFTA_CT_DIRECTION);
	struct reg_val v;

	if (lr_has(e, NFTA_CT_SREG)) {
		if (!f || dir)
			return lr_unknown(lc, "ct");
		return set_stmt(lc, f, lr_reg(lc, e, NFTA_CT_SREG));
	}
	memset(&v, 0, sizeof(v));
	v.kind = f && !dir ? RV_LOAD : RV_UNKNOWN;
	v.lk = NIRK_CT;
	v.key = key;
	v.len = f ? f->len : 4;
	v.has_dir = dir;
	v.name = "ct";
	return load(lc, e, NFTA_CT_DREG, &v);
}

static int p_immediate(struct lr_ctx *lc, const struct lr_expr *e)
{
	uint32_t dreg = lr_u32(e, NFTA_IMMEDIATE_DREG);
	struct reg_val v;
	const void *data;
	uint32_t len = 0;

	if (dreg == NFT_REG_VERDICT) {
		struct lr_item *it = lr_push(lc, false);
		const char *chain;
		int verdict;

		if (!it)
			return nir_oom(lc->cx);
		lr_verdict(e, NFTA_IMMEDIATE_DATA, &verdict, &chain);
		it->s.kind = NS_VERDICT;
		switch (verdict) {
		case NF_ACCEPT: it->s.verdict.v = FWD_VERDICT_ACCEPT; break;
		case NF_DROP: it->s.verdict.v = FWD_VERDICT_DROP; break;
		case NF_QUEUE: it->s.verdict.v = FWD_VERDICT_QUEUE; break;
		case NFT_RETURN: it->s.verdict.v = FWD_VERDICT_RETURN; break;
		case NFT_JUMP: it->s.verdict.v = FWD_VERDICT_JUMP; break;
		case NFT_GOTO: it->s.verdict.v = FWD_VERDICT_GOTO; break;
		default: it->s.verdict.v = FWD_VERDICT_CONTINUE; break;
		}
		if (it->s.verdict.v == FWD_VERDICT_JUMP ||
		    it->s.verdict.v == FWD_VERDICT_GOTO)
			it->s.verdict.chain = pool_strdup(&lc->cx->pool,
							  chain ? chain : "?");
		return 0;
	}
	memset(&v, 0, sizeof(v));
	v.kind = RV_IMM;
	data = lr_data(e, NFTA_IMMEDIATE_DATA, &len);
	if (data && len <= sizeof(v.data)) {
		memcpy(v.data, data, len);
		v.dlen = len;
	}
	return load(lc, e, NFTA_IMMEDIATE_DREG, &v);
}

static int p_bitwise(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct reg_val *s = lr_reg(lc, e, NFTA_BITWISE_SREG);
	struct reg_val v;
	const void *mask, *xor_;
	uint32_t ml = 0, xl = 0, i;

	memset(&v, 0, sizeof(v));
	v.kind = RV_UNKNOWN;
	v.name = s && s->kind == RV_UNKNOWN ? s->name : "bitwise";
	if (s && s->kind == RV_LOAD && !s->masked &&
	    (!lr_has(e, NFTA_BITWISE_OP) ||
	     lr_u32(e, NFTA_BITWISE_OP) == NFT_BITWISE_BOOL)) {
		mask = lr_data(e, NFTA_BITWISE_MASK, &ml);
		xor_ = lr_data(e, NFTA_BITWISE_XOR, &xl);
		v = *s;
		v.masked = true;
		if (!mask || ml > sizeof(v.mask)) {
			v.kind = RV_UNKNOWN;
			v.name = "bitwise";
		} else {
			memcpy(v.mask, mask, ml);
		}
		for (i = 0; xor_ && i < xl; i++)
			if (((const uint8_t *)xor_)[i]) {
				v.kind = RV_UNKNOWN;
				v.name = "bitwise";
			}
	}
	return load(lc, e, NFTA_BITWISE_DREG, &v);
}

static int p_byteorder(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct reg_val *s = lr_reg(lc, e, NFTA_BYTEORDER_SREG);
	struct reg_val v;

	memset(&v, 0, sizeof(v));
	v.kind = RV_UNKNOWN;
	v.name = "byteorder";
	if (s && s->kind == RV_LOAD && !s->swapped &&
	    lr_u32(e, NFTA_BYTEORDER_OP) == NFT_BYTEORDER_HTON) {
		v = *s;
		v.swapped = true;
	}
	return load(lc, e, NFTA_BYTEORDER_DREG, &v);
}

/* Loads we do not interpret, named as `nft -j` names them. */
static int unknown_load(struct lr_ctx *lc, const struct lr_expr *e,
			uint16_t dreg, const char *name)
{
	struct reg_val v;

	if (!lr_has(e, dreg))
		return lr_unknown(lc, name);
	memset(&v, 0, sizeof(v));
	v.kind = RV_UNKNOWN;
	v.name = name;
	v.len = 4;
	return load(lc, e, dreg, &v);
}

/* A fib lookup nft can write is a field (fields.c); others stay opaque. */
static int p_fib(struct lr_ctx *lc, const struct lr_expr *e)
{
	uint32_t flags = lr_u32(e, NFTA_FIB_FLAGS);
	uint32_t result = lr_u32(e, NFTA_FIB_RESULT);
	const struct nir_field *f = nir_field_fib(flags, result);
	struct reg_val v;

	if (!f)
		return unknown_load(lc, e, NFTA_FIB_DREG, "fib");
	memset(&v, 0, sizeof(v));
	v.kind = RV_LOAD;
	v.lk = NIRK_FIB;
	v.key = result;
	v.offset = flags;
	v.len = f->len;
	return load(lc, e, NFTA_FIB_DREG, &v);
}

static int p_rt(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_RT_DREG, "rt");
}

static int p_socket(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_SOCKET_DREG, "socket");
}

static int p_osf(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_OSF_DREG, "osf");
}

static int p_numgen(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_NG_DREG, "numgen");
}

static int p_hash(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_HASH_DREG, "jhash");
}

static int p_xfrm(struct lr_ctx *lc, const struct lr_expr *e)
{
	return unknown_load(lc, e, NFTA_XFRM_DREG, "ipsec");
}

static int p_exthdr(struct lr_ctx *lc, const struct lr_expr *e)
{
	const char *name = lr_u32(e, NFTA_EXTHDR_OP) ==
			   NFT_EXTHDR_OP_TCPOPT ? "tcp option" : "exthdr";

	return unknown_load(lc, e, NFTA_EXTHDR_DREG, name);
}

const struct lr_expr_ops lr_load_ops[] = {
	{ "payload", p_payload },
	{ "meta", p_meta },
	{ "ct", p_ct },
	{ "immediate", p_immediate },
	{ "bitwise", p_bitwise },
	{ "byteorder", p_byteorder },
	{ "fib", p_fib },
	{ "rt", p_rt },
	{ "socket", p_socket },
	{ "osf", p_osf },
	{ "numgen", p_numgen },
	{ "hash", p_hash },
	{ "xfrm", p_xfrm },
	{ "exthdr", p_exthdr },
	{ NULL, NULL },
};
