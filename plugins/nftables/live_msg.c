/*
 * live_msg.c — a rule message of the rule dump read in place: the rule's
 * own attributes, then its expressions one at a time as attribute tables
 * (live_rule.h says why not libnftnl's objects). Attributes are walked
 * inline with bounds checks of our own: a rule dump holds millions of
 * them, and libmnl's walk costs a call or two for each.
 *
 * Nothing here allocates; every pointer handed out points into the
 * message.
 */
#include <endian.h>

#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "live_rule.h"

/* The attribute at p when a whole one fits in the left bytes, else NULL. */
static inline const struct nlattr *attr_at(const char *p, size_t left)
{
	const struct nlattr *a = (const struct nlattr *)(const void *)p;

	if (left < sizeof(*a) || a->nla_len < sizeof(*a) || a->nla_len > left)
		return NULL;
	return a;
}

/*
 * For each attribute a in [p, p + len). The loop stops early, with cur
 * short of end (walk_done() false), at an attribute running past the
 * end; the padding after the last one may be missing.
 */
#define ATTR_EACH(a, p, len, cur, end)                                    \
	for (cur = (const char *)(p), end = cur + (len);                  \
	     cur < end && (a = attr_at(cur, (size_t)(end - cur)));         \
	     cur += MNL_ALIGN(a->nla_len))

static inline uint16_t attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + MNL_ATTR_HDRLEN;
}

static inline uint32_t attr_len(const struct nlattr *a)
{
	return a->nla_len - MNL_ATTR_HDRLEN;
}

/* A string attribute's text when it is NUL-terminated, else NULL. */
static const char *attr_str(const struct nlattr *a)
{
	const char *s = attr_data(a);
	uint32_t n = attr_len(a);

	return n > 0 && s[n - 1] == '\0' ? s : NULL;
}

/* The walk stopped early when cur did not reach end. */
static inline bool walk_done(const char *cur, const char *end)
{
	return cur >= end;
}

const char *lr_str(const struct lr_expr *e, uint16_t type)
{
	const struct nlattr *a = lr_attr(e, type);

	return a ? attr_str(a) : NULL;
}

const void *lr_bin(const struct lr_expr *e, uint16_t type, uint32_t *len)
{
	const struct nlattr *a = lr_attr(e, type);

	*len = a ? attr_len(a) : 0;
	return a ? attr_data(a) : NULL;
}

/* The attribute of type want nested in a, or NULL. */
static const struct nlattr *nested(const struct nlattr *a, uint16_t want)
{
	const struct nlattr *n;
	const char *cur, *end;

	ATTR_EACH(n, attr_data(a), attr_len(a), cur, end)
		if (attr_type(n) == want)
			return n;
	return NULL;
}

const void *lr_data(const struct lr_expr *e, uint16_t type, uint32_t *len)
{
	const struct nlattr *a = lr_attr(e, type);
	const struct nlattr *v = a ? nested(a, NFTA_DATA_VALUE) : NULL;

	*len = v ? attr_len(v) : 0;
	return v ? attr_data(v) : NULL;
}

int lr_verdict(const struct lr_expr *e, uint16_t type, int *code,
	       const char **chain)
{
	const struct nlattr *a = lr_attr(e, type), *v, *n;
	const char *cur, *end;
	uint32_t c;

	*code = 0;
	*chain = NULL;
	if (!a || !(v = nested(a, NFTA_DATA_VERDICT)))
		return -1;
	ATTR_EACH(n, attr_data(v), attr_len(v), cur, end) {
		if (attr_type(n) == NFTA_VERDICT_CODE && attr_len(n) >= 4) {
			memcpy(&c, attr_data(n), 4);
			*code = (int)be32toh(c);
		} else if (attr_type(n) == NFTA_VERDICT_CHAIN) {
			*chain = attr_str(n);
		}
	}
	return 0;
}

int lr_msg_parse(const struct nlmsghdr *nlh, struct lr_msg *m)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	const char *cur, *end;
	uint64_t h;

	memset(m, 0, sizeof(*m));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*nfg)))
		return -1;
	m->family = nfg->nfgen_family;
	ATTR_EACH(a, (const char *)nfg + MNL_ALIGN(sizeof(*nfg)),
		  nlh->nlmsg_len - MNL_NLMSG_HDRLEN - MNL_ALIGN(sizeof(*nfg)),
		  cur, end) {
		switch (attr_type(a)) {
		case NFTA_RULE_TABLE:
			if (!(m->table = attr_str(a)))
				return -1;
			break;
		case NFTA_RULE_CHAIN:
			if (!(m->chain = attr_str(a)))
				return -1;
			break;
		case NFTA_RULE_HANDLE:
			if (attr_len(a) < 8)
				return -1;
			memcpy(&h, attr_data(a), 8);
			m->handle = be64toh(h);
			break;
		case NFTA_RULE_EXPRESSIONS:
			m->exprs = a;
			break;
		case NFTA_RULE_USERDATA:
			m->udata = attr_data(a);
			m->udata_len = attr_len(a);
			break;
		default:
			break;
		}
	}
	return walk_done(cur, end) ? 0 : -1;
}

int lr_msg_expr(const struct lr_msg *m, uint32_t *pos, struct lr_expr *e)
{
	const struct nlattr *elem, *a, *data = NULL;
	const char *cur, *end, *c2, *e2;

	if (!m->exprs || *pos >= attr_len(m->exprs))
		return 0;
	elem = attr_at((const char *)attr_data(m->exprs) + *pos,
		       attr_len(m->exprs) - *pos);
	if (!elem || attr_type(elem) != NFTA_LIST_ELEM)
		return -1;
	*pos += MNL_ALIGN(elem->nla_len);
	e->name = NULL;
	e->present = 0;
	ATTR_EACH(a, attr_data(elem), attr_len(elem), cur, end) {
		if (attr_type(a) == NFTA_EXPR_NAME)
			e->name = attr_str(a);
		else if (attr_type(a) == NFTA_EXPR_DATA)
			data = a;
	}
	if (!walk_done(cur, end) || !e->name)
		return -1;
	if (!data)
		return 1;
	ATTR_EACH(a, attr_data(data), attr_len(data), c2, e2)
		if (attr_type(a) < LR_ATTRS) {
			e->a[attr_type(a)] = a;
			e->present |= 1u << attr_type(a);
		}
	return walk_done(c2, e2) ? 1 : -1;
}
