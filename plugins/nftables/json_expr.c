/*
 * json_expr.c — the statements of one rule of `nft -j list ruleset` into
 * the intermediate form. nft has already turned the kernel's expressions
 * back into statements (and dropped protocol dependencies), so this is a
 * table of statement kinds. Whatever is not understood becomes an opaque
 * statement named after its JSON key: never an error.
 */
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "json_nft.h"
#include "stmt_text.h"

typedef int (*nj_stmt_fn)(struct nir_ctx *cx, struct nir_table *t,
			  const struct jv *v, struct nir_rule *r);

static int push_text(struct nir_ctx *cx, struct nir_rule *r,
		     const char *text, const char *opaque,
		     enum fwd_verdict v)
{
	struct nir_stmt *s = nir_rule_push(cx, r, NS_STMT);

	if (!s || !text)
		return nir_oom(cx);
	s->text = text;
	s->opaque = opaque;
	s->verdict.v = v;
	return 0;
}

/* Something we cannot read: opaque, named by what nft calls it. */
static int unknown(struct nir_ctx *cx, struct nir_rule *r, const char *what)
{
	const char *t = fwd_sprintf(cx->rs, "%s (not decoded)", what);

	return push_text(cx, r, t, fwd_strdup(cx->rs, what),
			 FWD_VERDICT_CONTINUE);
}

static const struct {
	const char *name;
	enum nir_op op;
} ops[] = {
	{ "==", NOP_EQ }, { "!=", NOP_NEQ }, { "in", NOP_IN },
	{ "<", NOP_LT }, { ">", NOP_GT }, { "<=", NOP_LTE }, { ">=", NOP_GTE },
	{ "!", NOP_EQ }, /* "ct status ! dnat": (status & dnat) == 0 */
};

/* The right-hand side: "@set", {"set": [...]} or one value. */
static int nj_value(struct nir_ctx *cx, struct nir_table *t,
		    struct nir_stmt *s, const struct jv *right, bool map)
{
	const char *str = jv_str(right);
	const struct jv *set, *item;
	size_t i;

	if (str && str[0] == '@') {
		s->set = nir_table_set(t, str + 1);
		return s->set ? 0 : -1;
	}
	set = jv_get(right, "set");
	if (jv_is(set, JV_ARR)) {
		s->braces = true;
		s->n_elems = (uint32_t)jv_size(set);
		s->elems = pool_alloc(&cx->pool, (s->n_elems ? s->n_elems : 1) *
					      sizeof(*s->elems));
		if (!s->elems)
			return -2;
		jv_array_foreach(set, i, item) {
			if (nj_elem(&s->key, item, map, &s->elems[i]))
				return -1;
		}
		nir_elems_sort(&s->key, s->elems, s->n_elems);
		return 0;
	}
	if (map)
		return -1;
	s->n_elems = 1;
	s->elems = pool_alloc(&cx->pool, sizeof(*s->elems));
	if (!s->elems)
		return -2;
	return nj_elem(&s->key, right, false, &s->elems[0]);
}

static int st_match(struct nir_ctx *cx, struct nir_table *t,
		    const struct jv *v, struct nir_rule *r)
{
	const char *op = jv_str(jv_get(v, "op"));
	const char *what;
	struct nir_key key;
	struct nir_stmt *s;
	size_t i;
	int rc;

	if (nj_key(jv_get(v, "left"), &key, &what))
		return unknown(cx, r, what);
	for (i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].name, op) == 0)
			break;
	if (!op || i == sizeof(ops) / sizeof(ops[0]))
		return unknown(cx, r, op ? op : "match");
	/* "oif exists / missing" is the one-byte NFTA_FIB_F_PRESENT lookup */
	if (key.n == 1 && key.f[0]->kind == NIRK_FIB &&
	    (jv_is(jv_get(v, "right"), JV_TRUE) ||
	     jv_is(jv_get(v, "right"), JV_FALSE)) &&
	    !(key.f[0] = nir_field_fib(key.f[0]->offset | NFTA_FIB_F_PRESENT,
				       key.f[0]->key)))
		return unknown(cx, r, "fib");
	s = nir_rule_push(cx, r, NS_MATCH);
	if (!s)
		return nir_oom(cx);
	s->key = key;
	s->op = ops[i].op;
	rc = nj_value(cx, t, s, jv_get(v, "right"), false);
	if (rc == -2)
		return nir_oom(cx);
	if (!rc && strcmp(op, "!") == 0) {
		/* what the kernel tests: the bits, masked, equal to zero */
		if (key.masked || key.n != 1 || s->set || s->n_elems != 1) {
			rc = -1;
		} else {
			s->key.masked = true;
			s->key.mask = s->elems[0].c[0].lo;
			memset(&s->elems[0].c[0], 0, sizeof(s->elems[0].c[0]));
			s->braces = false;
		}
	}
	if (rc) {
		struct strbuf sb;

		r->n--;
		sb_init(&sb);
		nir_key_print(&sb, &key);
		rc = unknown(cx, r, sb_str(&sb));
		sb_release(&sb);
		return rc;
	}
	return 0;
}

static int st_vmap(struct nir_ctx *cx, struct nir_table *t,
		   const struct jv *v, struct nir_rule *r)
{
	const char *what;
	struct nir_key key;
	struct nir_stmt *s;
	int rc;

	if (nj_key(jv_get(v, "key"), &key, &what))
		return unknown(cx, r, "vmap");
	s = nir_rule_push(cx, r, NS_VMAP);
	if (!s)
		return nir_oom(cx);
	s->key = key;
	s->braces = true;
	rc = nj_value(cx, t, s, jv_get(v, "data"), true);
	if (rc == -2)
		return nir_oom(cx);
	if (rc) {
		r->n--;
		return unknown(cx, r, "vmap");
	}
	return 0;
}

static int st_counter(struct nir_ctx *cx, struct nir_table *t,
		      const struct jv *v, struct nir_rule *r)
{
	(void)t;
	if (jv_is(v, JV_STR))
		return push_text(cx, r, fwd_sprintf(cx->rs, "counter name \"%s\"",
						    jv_str(v)),
				 NULL, FWD_VERDICT_CONTINUE);
	return push_text(cx, r, "counter", NULL, FWD_VERDICT_CONTINUE);
}

static long opt_long(const struct jv *o, const char *k)
{
	const struct jv *v = jv_get(o, k);

	return jv_is(v, JV_INT) ? (long)jv_int(v) : ST_UNSET;
}

static int st_log(struct nir_ctx *cx, struct nir_table *t,
		  const struct jv *v, struct nir_rule *r)
{
	struct st_log l = { NULL, ST_UNSET, ST_UNSET, ST_UNSET, ST_UNSET };
	const char *lv;

	(void)t;
	l.prefix = jv_str(jv_get(v, "prefix"));
	l.group = opt_long(v, "group");
	l.snaplen = opt_long(v, "snaplen");
	l.qthreshold = opt_long(v, "queue-threshold");
	lv = jv_str(jv_get(v, "level"));
	if (lv)
		l.level = st_log_level(lv);
	return push_text(cx, r, st_log_text(cx, &l), NULL,
			 FWD_VERDICT_CONTINUE);
}

static uint64_t unit_mult(const char *u)
{
	if (!u || strcmp(u, "bytes") == 0)
		return 1;
	if (strcmp(u, "kbytes") == 0)
		return 1024;
	if (strcmp(u, "mbytes") == 0)
		return 1024 * 1024;
	return 1;
}

static uint64_t per_secs(const char *p)
{
	if (!p || strcmp(p, "second") == 0) return 1;
	if (strcmp(p, "minute") == 0) return 60;
	if (strcmp(p, "hour") == 0) return 3600;
	if (strcmp(p, "day") == 0) return 86400;
	if (strcmp(p, "week") == 0) return 604800;
	return 1;
}

static int st_limit(struct nir_ctx *cx, struct nir_table *t,
		    const struct jv *v, struct nir_rule *r)
{
	const char *ru = jv_str(jv_get(v, "rate_unit"));
	const char *bu = jv_str(jv_get(v, "burst_unit"));
	struct st_limit l;

	(void)t;
	if (!jv_is(v, JV_OBJ))
		return unknown(cx, r, "limit");
	l.rate = (uint64_t)jv_int(jv_get(v, "rate"));
	l.per = per_secs(jv_str(jv_get(v, "per")));
	l.bytes = ru && strcmp(ru, "packets") != 0;
	l.burst = (uint64_t)jv_int(jv_get(v, "burst"));
	if (!jv_get(v, "burst"))
		l.burst = l.bytes ? 0 : 5;
	if (l.bytes) {
		l.rate *= unit_mult(ru);
		l.burst *= unit_mult(bu);
	}
	l.over = jv_is(jv_get(v, "inv"), JV_TRUE);
	return push_text(cx, r, st_limit_text(cx, &l), "limit",
			 FWD_VERDICT_CONTINUE);
}

static int st_quota(struct nir_ctx *cx, struct nir_table *t,
		    const struct jv *v, struct nir_rule *r)
{
	uint64_t b;

	(void)t;
	if (!jv_is(v, JV_OBJ))
		return unknown(cx, r, "quota");
	b = (uint64_t)jv_int(jv_get(v, "val")) *
	    unit_mult(jv_str(jv_get(v, "val_unit")));
	return push_text(cx, r,
			 st_quota_text(cx, b,
				       jv_is(jv_get(v, "inv"), JV_TRUE)),
			 "quota", FWD_VERDICT_CONTINUE);
}

static int st_reject(struct nir_ctx *cx, struct nir_table *t,
		     const struct jv *v, struct nir_rule *r)
{
	int type, code, rc;
	bool v6;

	if (st_reject_parse(jv_str(jv_get(v, "type")),
			    jv_str(jv_get(v, "expr")),
			    &type, &code, &v6))
		return push_text(cx, r, "reject", NULL, FWD_VERDICT_REJECT);
	if (type < 0) {
		type = t->nfproto == 1 ? ST_REJ_ICMPX : ST_REJ_ICMP;
		code = -1;
	}
	rc = push_text(cx, r, st_reject_text(cx, t, type, code, v6), NULL,
		       FWD_VERDICT_REJECT);
	if (!rc && type == ST_REJ_ICMP && t->nfproto == 1)
		r->stmts[r->n - 1].fams = v6 ? FWD_FAM_IPV6 : FWD_FAM_IPV4;
	return rc;
}

static int st_verdict(struct nir_ctx *cx, struct nir_table *t,
		      const struct jv *v, struct nir_rule *r, const char *k)
{
	struct nir_stmt *s;
	int rc;

	(void)t;
	s = nir_rule_push(cx, r, NS_VERDICT);
	if (!s)
		return nir_oom(cx);
	rc = nj_verdict_kv(k, v, &s->verdict);
	if (rc == 0 && s->verdict.chain)
		s->verdict.chain = pool_strdup(&cx->pool, s->verdict.chain);
	if (rc) {
		r->n--;
		return unknown(cx, r, k);
	}
	return 0;
}

static int st_nat(struct nir_ctx *cx, struct nir_table *t,
		  const struct jv *v, struct nir_rule *r, const char *k)
{
	struct strbuf sb;
	const char *fam = jv_str(jv_get(v, "family"));
	const struct jv *addr = jv_get(v, "addr");
	const struct jv *port = jv_get(v, "port");
	const char *text;

	sb_init(&sb);
	sb_add(&sb, k);
	if (strcmp(k, "dnat") == 0 || strcmp(k, "snat") == 0) {
		if (fam && t->nfproto == 1)
			sb_addf(&sb, " %s", fam);
		sb_add(&sb, " to ");
		if (jv_is(addr, JV_STR))
			sb_add(&sb, jv_str(addr));
		if (jv_is(port, JV_INT))
			sb_addf(&sb, ":%lld", (long long)jv_int(port));
	} else if (jv_is(port, JV_INT)) {
		sb_addf(&sb, " to :%lld", (long long)jv_int(port));
	}
	text = fwd_strdup(cx->rs, sb_str(&sb));
	sb_release(&sb);
	if (!cx->nat_notes++)
		fwd_ruleset_note(cx->rs, FWD_NOTE_INFO,
				 "nftables: NAT statements end their chain "
				 "like accept; address and port rewriting is "
				 "not followed");
	return push_text(cx, r, text, NULL, FWD_VERDICT_ACCEPT);
}

static int st_mangle(struct nir_ctx *cx, struct nir_table *t,
		     const struct jv *v, struct nir_rule *r)
{
	struct nir_key key, vkey;
	struct nir_elem e;
	struct strbuf sb;
	const char *what, *text;
	const struct jv *val = jv_get(v, "value");

	(void)t;
	if (nj_key(jv_get(v, "key"), &key, &what) || key.n != 1)
		return unknown(cx, r, "mangle");
	sb_init(&sb);
	nir_key_print(&sb, &key);
	sb_add(&sb, " set ");
	if (nj_key(val, &vkey, &what) == 0)
		nir_key_print(&sb, &vkey);
	else if (nj_elem(&key, val, false, &e) == 0)
		nir_range_print(&sb, key.f[0], &e.c[0]);
	else
		sb_add(&sb, "?");
	text = fwd_strdup(cx->rs, sb_str(&sb));
	sb_release(&sb);
	return push_text(cx, r, text, NULL, FWD_VERDICT_CONTINUE);
}

static int st_xt(struct nir_ctx *cx, struct nir_table *t, const struct jv *v,
		 struct nir_rule *r)
{
	const char *type = jv_str(jv_get(v, "type"));
	const char *name = jv_str(jv_get(v, "name"));
	struct nir_stmt *s;

	(void)t;
	if (!type || !name)
		return unknown(cx, r, "xt");
	s = nir_rule_push(cx, r, NS_XT);
	if (!s)
		return nir_oom(cx);
	s->xt_target = strcmp(type, "target") == 0;
	s->xt_name = pool_strdup(&cx->pool, name);
	s->text = fwd_sprintf(cx->rs, "xt %s %s", type, name);
	if (!s->xt_name || !s->text)
		return nir_oom(cx);
	return 0;
}

static int st_dynset(struct nir_ctx *cx, struct nir_table *t,
		     const struct jv *v, struct nir_rule *r)
{
	const char *op = jv_str(jv_get(v, "op"));
	const char *set = jv_str(jv_get(v, "set"));

	(void)t;
	return push_text(cx, r, fwd_sprintf(cx->rs, "%s %s", op ? op : "set",
					    set ? set : "?"),
			 NULL, FWD_VERDICT_CONTINUE);
}

int nj_rule(struct nir_ctx *cx, struct nir_table *t, const struct jv *exprs,
	    struct nir_rule *r)
{
	const struct jv *stmt, *v;
	const char *k;
	size_t i;
	int rc = 0;

	jv_array_foreach(exprs, i, stmt) {
		if (!jv_is(stmt, JV_OBJ) || stmt->n != 1) {
			rc = unknown(cx, r, "statement");
			continue;
		}
		k = stmt->u.members[0].key;
		v = &stmt->u.members[0].v;
		{
			if (strcmp(k, "match") == 0)
				rc = st_match(cx, t, v, r);
			else if (strcmp(k, "vmap") == 0)
				rc = st_vmap(cx, t, v, r);
			else if (strcmp(k, "counter") == 0)
				rc = st_counter(cx, t, v, r);
			else if (strcmp(k, "log") == 0)
				rc = st_log(cx, t, v, r);
			else if (strcmp(k, "limit") == 0)
				rc = st_limit(cx, t, v, r);
			else if (strcmp(k, "quota") == 0)
				rc = st_quota(cx, t, v, r);
			else if (strcmp(k, "reject") == 0)
				rc = st_reject(cx, t, v, r);
			else if (strcmp(k, "accept") == 0 ||
				 strcmp(k, "drop") == 0 ||
				 strcmp(k, "return") == 0 ||
				 strcmp(k, "continue") == 0 ||
				 strcmp(k, "jump") == 0 ||
				 strcmp(k, "goto") == 0)
				rc = st_verdict(cx, t, v, r, k);
			else if (strcmp(k, "queue") == 0)
				rc = push_text(cx, r, "queue", NULL,
					       FWD_VERDICT_QUEUE);
			else if (strcmp(k, "dnat") == 0 ||
				 strcmp(k, "snat") == 0 ||
				 strcmp(k, "masquerade") == 0 ||
				 strcmp(k, "redirect") == 0)
				rc = st_nat(cx, t, v, r, k);
			else if (strcmp(k, "mangle") == 0)
				rc = st_mangle(cx, t, v, r);
			else if (strcmp(k, "notrack") == 0)
				rc = push_text(cx, r, "notrack", NULL,
					       FWD_VERDICT_CONTINUE);
			else if (strcmp(k, "xt") == 0)
				rc = st_xt(cx, t, v, r);
			else if (strcmp(k, "set") == 0 || strcmp(k, "map") == 0)
				rc = st_dynset(cx, t, v, r);
			else
				rc = unknown(cx, r, k);
		}
		if (rc)
			return rc;
	}
	return rc;
}
