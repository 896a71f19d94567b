/*
 * expr_stmt.c — expressions that are statements: counter, log, limit,
 * quota, reject, NAT, queue, notrack, dynamic set updates, object
 * references and the iptables-nft compat match/target. Their text comes
 * from stmt_text.c, shared with the JSON reader.
 */
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>

#include "live_rule.h"
#include "stmt_text.h"

static int p_counter(struct lr_ctx *lc, const struct lr_expr *e)
{
	(void)e;
	return lr_text(lc, "counter", NULL, FWD_VERDICT_CONTINUE);
}

static long opt_u32(const struct lr_expr *e, uint16_t a)
{
	return lr_has(e, a) ? (long)lr_u32(e, a) : ST_UNSET;
}

static int p_log(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct st_log l = { NULL, ST_UNSET, ST_UNSET, ST_UNSET, ST_UNSET };

	if (lr_has(e, NFTA_LOG_PREFIX))
		l.prefix = lr_str(e, NFTA_LOG_PREFIX);
	if (lr_has(e, NFTA_LOG_GROUP))
		l.group = lr_u16(e, NFTA_LOG_GROUP);
	l.snaplen = opt_u32(e, NFTA_LOG_SNAPLEN);
	if (lr_has(e, NFTA_LOG_QTHRESHOLD))
		l.qthreshold = lr_u16(e, NFTA_LOG_QTHRESHOLD);
	l.level = opt_u32(e, NFTA_LOG_LEVEL);
	return lr_text(lc, st_log_text(lc->cx, &l), NULL, FWD_VERDICT_CONTINUE);
}

static int p_limit(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct st_limit l;

	l.rate = lr_u64(e, NFTA_LIMIT_RATE);
	l.per = lr_u64(e, NFTA_LIMIT_UNIT);
	l.burst = lr_u32(e, NFTA_LIMIT_BURST);
	l.bytes = lr_u32(e, NFTA_LIMIT_TYPE) ==
		  NFT_LIMIT_PKT_BYTES;
	l.over = lr_u32(e, NFTA_LIMIT_FLAGS) &
		 NFT_LIMIT_F_INV;
	return lr_text(lc, st_limit_text(lc->cx, &l), "limit",
		       FWD_VERDICT_CONTINUE);
}

static int p_quota(struct lr_ctx *lc, const struct lr_expr *e)
{
	return lr_text(lc, st_quota_text(lc->cx,
			lr_u64(e, NFTA_QUOTA_BYTES),
			lr_u32(e, NFTA_QUOTA_FLAGS) &
			NFT_QUOTA_F_INV),
		       "quota", FWD_VERDICT_CONTINUE);
}

/* Text depends on the rule's family context: resolved in pass 2. */
static int p_reject(struct lr_ctx *lc, const struct lr_expr *e)
{
	struct lr_item *it = lr_push(lc, true);

	if (!it)
		return nir_oom(lc->cx);
	it->form = LR_REJECT;
	it->rej_type = (int)lr_u32(e, NFTA_REJECT_TYPE);
	it->rej_code = lr_u8(e, NFTA_REJECT_ICMP_CODE);
	return 0;
}

static void nat_note(struct lr_ctx *lc)
{
	if (!lc->cx->nat_notes++)
		fwd_ruleset_note(lc->cx->rs, FWD_NOTE_INFO,
				 "nftables: NAT statements end their chain "
				 "like accept; address and port rewriting is "
				 "not followed");
}

static const struct reg_val *imm(struct lr_ctx *lc, const struct lr_expr *e,
				 uint16_t a)
{
	const struct reg_val *r = lr_reg(lc, e, a);

	return r && r->kind == RV_IMM ? r : NULL;
}

static void port_text(struct strbuf *sb, const struct reg_val *p)
{
	if (p && p->dlen >= 2)
		sb_addf(sb, ":%u", (unsigned)(p->data[0] << 8 | p->data[1]));
}

static int p_nat(struct lr_ctx *lc, const struct lr_expr *e)
{
	uint32_t type = lr_u32(e, NFTA_NAT_TYPE);
	uint32_t fam = lr_u32(e, NFTA_NAT_FAMILY);
	const struct reg_val *a = imm(lc, e, NFTA_NAT_REG_ADDR_MIN);
	const struct reg_val *p = imm(lc, e, NFTA_NAT_REG_PROTO_MIN);
	const struct nir_field *f = nir_field_by_name(fam == NFPROTO_IPV6 ?
						      "ip6" : "ip", "saddr");
	struct nir_scalar s;
	struct strbuf sb;
	const char *text;

	sb_init(&sb);
	sb_add(&sb, type == NFT_NAT_SNAT ? "snat" : "dnat");
	if (lc->t->nfproto == 1)
		sb_add(&sb, fam == NFPROTO_IPV6 ? " ip6" : " ip");
	sb_add(&sb, " to ");
	if (a && nir_scalar_from_data(f, a->data, a->dlen, &s) == 0)
		nir_scalar_print(&sb, f, &s);
	port_text(&sb, p);
	text = fwd_strdup(lc->cx->rs, sb_str(&sb));
	sb_release(&sb);
	nat_note(lc);
	return lr_text(lc, text, NULL, FWD_VERDICT_ACCEPT);
}

static int p_masq_redir(struct lr_ctx *lc, const struct lr_expr *e,
			const char *word, uint16_t preg)
{
	const struct reg_val *p = imm(lc, e, preg);
	struct strbuf sb;
	const char *text;

	sb_init(&sb);
	sb_add(&sb, word);
	if (p) {
		sb_add(&sb, " to ");
		port_text(&sb, p);
	}
	text = fwd_strdup(lc->cx->rs, sb_str(&sb));
	sb_release(&sb);
	nat_note(lc);
	return lr_text(lc, text, NULL, FWD_VERDICT_ACCEPT);
}

static int p_masq(struct lr_ctx *lc, const struct lr_expr *e)
{
	return p_masq_redir(lc, e, "masquerade", NFTA_MASQ_REG_PROTO_MIN);
}

static int p_redir(struct lr_ctx *lc, const struct lr_expr *e)
{
	return p_masq_redir(lc, e, "redirect", NFTA_REDIR_REG_PROTO_MIN);
}

static int p_queue(struct lr_ctx *lc, const struct lr_expr *e)
{
	(void)e;
	return lr_text(lc, "queue", NULL, FWD_VERDICT_QUEUE);
}

static int p_notrack(struct lr_ctx *lc, const struct lr_expr *e)
{
	(void)e;
	return lr_text(lc, "notrack", NULL, FWD_VERDICT_CONTINUE);
}

static int p_dynset(struct lr_ctx *lc, const struct lr_expr *e)
{
	static const char *const ops[] = { "add", "update", "delete" };
	uint32_t op = lr_u32(e, NFTA_DYNSET_OP);
	const char *set = lr_str(e, NFTA_DYNSET_SET_NAME);

	return lr_text(lc, fwd_sprintf(lc->cx->rs, "%s @%s",
				       op < 3 ? ops[op] : "set",
				       set ? set : "?"),
		       NULL, FWD_VERDICT_CONTINUE);
}

static int p_objref(struct lr_ctx *lc, const struct lr_expr *e)
{
	const char *name = lr_str(e, NFTA_OBJREF_IMM_NAME);

	if (lr_has(e, NFTA_OBJREF_IMM_TYPE) && name &&
	    lr_u32(e, NFTA_OBJREF_IMM_TYPE) ==
	    NFT_OBJECT_COUNTER)
		return lr_text(lc, fwd_sprintf(lc->cx->rs,
					       "counter name \"%s\"", name),
			       NULL, FWD_VERDICT_CONTINUE);
	return lr_unknown(lc, "objref");
}

static int xt(struct lr_ctx *lc, const struct lr_expr *e, bool target)
{
	struct lr_item *it = lr_push(lc, false);
	const char *name = lr_str(e, target ? NFTA_TARGET_NAME
					    : NFTA_MATCH_NAME);
	uint32_t len = 0;
	const void *info = lr_bin(e, target ? NFTA_TARGET_INFO
					    : NFTA_MATCH_INFO, &len);
	void *copy;

	if (!it || !name)
		return nir_oom(lc->cx);
	it->s.kind = NS_XT;
	it->s.xt_target = target;
	it->s.xt_name = pool_strdup(&lc->cx->pool, name);
	it->s.xt_rev = lr_u32(e, target ? NFTA_TARGET_REV : NFTA_MATCH_REV);
	it->s.text = fwd_sprintf(lc->cx->rs, "xt %s %s",
				 target ? "target" : "match", name);
	if (info && len) {
		copy = pool_alloc(&lc->cx->pool, len);
		if (!copy)
			return nir_oom(lc->cx);
		memcpy(copy, info, len);
		it->s.xt_data = copy;
		it->s.xt_len = len;
	}
	return it->s.xt_name && it->s.text ? 0 : nir_oom(lc->cx);
}

static int p_match(struct lr_ctx *lc, const struct lr_expr *e)
{
	return xt(lc, e, false);
}

static int p_target(struct lr_ctx *lc, const struct lr_expr *e)
{
	return xt(lc, e, true);
}

static int p_connlimit(struct lr_ctx *lc, const struct lr_expr *e)
{
	(void)e;
	return lr_unknown(lc, "ct count");
}

static int p_flow(struct lr_ctx *lc, const struct lr_expr *e)
{
	(void)e;
	return lr_unknown(lc, "flow");
}

const struct lr_expr_ops lr_stmt_ops[] = {
	{ "counter", p_counter },
	{ "log", p_log },
	{ "limit", p_limit },
	{ "quota", p_quota },
	{ "reject", p_reject },
	{ "nat", p_nat },
	{ "masq", p_masq },
	{ "redir", p_redir },
	{ "queue", p_queue },
	{ "notrack", p_notrack },
	{ "dynset", p_dynset },
	{ "objref", p_objref },
	{ "match", p_match },
	{ "target", p_target },
	{ "connlimit", p_connlimit },
	{ "flow_offload", p_flow },
	{ NULL, NULL },
};
