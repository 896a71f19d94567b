/*
 * save_rule.c — one "-A CHAIN ..." line of an iptables-save export.
 *
 * Reads the words the way iptables-restore's getopt loop does: core
 * options (-s -d -i -o -p -f -m -j -g) may come in any order, "!" negates
 * the option after it, and a --long option belongs to the match module that
 * knows it (or, after -j, to the target). Then the rule is built: the IP
 * part and the target here, each module through save_match.c and
 * xt_decode.c. Any word we cannot place is an error naming that word.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/netfilter/xt_CT.h>

#include "../common/xt_decode.h"
#include "iptables.h"
#include "save_parse.h"

#define MAX_MATCHES 32
#define MAX_ADDRS 64

enum core { C_SRC, C_DST, C_IN, C_OUT, C_PROTO, C_FRAG, C_MATCH, C_JUMP,
	    C_GOTO, C_COUNTERS, C_V4, C_V6, C_COUNT };

static const struct {
	const char *s, *l1, *l2;
	int nargs;
	bool invertible;
} core_opts[C_COUNT] = {
	[C_SRC] = { "-s", "--source", "--src", 1, true },
	[C_DST] = { "-d", "--destination", "--dst", 1, true },
	[C_IN] = { "-i", "--in-interface", NULL, 1, true },
	[C_OUT] = { "-o", "--out-interface", NULL, 1, true },
	[C_PROTO] = { "-p", "--protocol", NULL, 1, true },
	[C_FRAG] = { "-f", "--fragment", "--fragments", 0, true },
	[C_MATCH] = { "-m", "--match", NULL, 1, false },
	[C_JUMP] = { "-j", "--jump", NULL, 1, false },
	[C_GOTO] = { "-g", "--goto", NULL, 1, false },
	[C_COUNTERS] = { "-c", "--set-counters", NULL, 2, false },
	[C_V4] = { "-4", "--ipv4", NULL, 0, false },
	[C_V6] = { "-6", "--ipv6", NULL, 0, false },
};

struct rstate {
	struct save_ctx *c;
	const struct stok *opt[C_COUNT]; /* the option word, once given */
	const struct stok *arg[C_COUNT];
	bool inv[C_COUNT];
	uint8_t proto;
	struct sminst *m;
	size_t nm;
	int tkind;           /* starget_kind of -j/-g */
	bool ct_notrack;     /* CT --notrack */
	const struct stok *reject_with;
};

static bool looks_like_option(const struct stok *w)
{
	return !w->quoted && w->s[0] == '-' && w->s[1] &&
	       !isdigit((unsigned char)w->s[1]);
}

/* Called for every option word of every rule (most are match options
 * such as --dport, which are not core ones): compare only what can match. */
static int core_lookup(const char *s)
{
	int i;

	if (s[1] != '-') {
		for (i = 0; s[2] == '\0' && i < C_COUNT; i++)
			if (s[1] == core_opts[i].s[1])
				return i;
		return -1;
	}
	for (i = 0; i < C_COUNT; i++)
		if ((s[2] == core_opts[i].l1[2] && !strcmp(s, core_opts[i].l1)) ||
		    (core_opts[i].l2 && s[2] == core_opts[i].l2[2] &&
		     !strcmp(s, core_opts[i].l2)))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* IP part values                                                      */
/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	uint8_t num;
} proto_names[] = {
	{ "all", 0 }, { "tcp", 6 }, { "udp", 17 }, { "udplite", 136 },
	{ "icmp", 1 }, { "icmpv6", 58 }, { "ipv6-icmp", 58 }, { "esp", 50 },
	{ "ah", 51 }, { "sctp", 132 }, { "mh", 135 }, { "ipv6-mh", 135 },
	{ "gre", 47 }, { "dccp", 33 }, { "igmp", 2 },
};

static int parse_proto(const char *s, uint8_t *out)
{
	char *end;
	unsigned long v;
	size_t i;
	struct protoent pe, *res = NULL;
	char buf[1024];

	if (isdigit((unsigned char)s[0])) {
		v = strtoul(s, &end, 10);
		if (*end || v > 255)
			return -1;
		*out = (uint8_t)v;
		return 0;
	}
	for (i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (!strcasecmp(s, proto_names[i].name)) {
			*out = proto_names[i].num;
			return 0;
		}
	if (getprotobyname_r(s, &pe, buf, sizeof(buf), &res) == 0 && res &&
	    res->p_proto >= 0 && res->p_proto <= 255) {
		*out = (uint8_t)res->p_proto;
		return 0;
	}
	return -1;
}

/* -s / -d: a comma list of addresses, each with an optional /len|/mask. */
static int add_addrs(struct rstate *st, struct fwd_rule *r, int which)
{
	struct save_ctx *c = st->c;
	const struct stok *w = st->arg[which];
	struct fwd_addr_match *m = which == C_SRC ? &r->saddr : &r->daddr;
	const char *opt = which == C_SRC ? "-s" : "-d";
	unsigned bytes = c->fam == FWD_IPV6 ? 16 : 4;
	struct save_addr am[MAX_ADDRS];
	size_t n = 0, i;
	const char *s = w->s;
	bool all_prefix = true;
	int rc;

	while (*s) {
		size_t len = strcspn(s, ",");

		if (n == MAX_ADDRS)
			return save_fail(c, w, "too many addresses in '%s' (expected at most %d)",
					 w->s, MAX_ADDRS);
		if (save_parse_addr(c->fam, s, len, &am[n]))
			return save_fail(c, w, "invalid %s address '%.*s' (expected %s[/LEN|/MASK]; host names are not resolved)",
					 fwd_family_name(c->fam), (int)len, s,
					 c->fam == FWD_IPV6 ? "ADDR6" : "A.B.C.D");
		all_prefix = all_prefix &&
			     xtd_mask_prefix_len(am[n].mask, bytes) >= 0;
		n++;
		s += len;
		if (*s == ',' && !*++s)
			return save_fail(c, w, "invalid address list '%s' (expected an address after ',')",
					 w->s);
	}
	if (n == 0)
		return save_fail(c, w, "empty address after %s", opt);
	if (n > 1 && st->inv[which])
		return save_fail(c, st->opt[which], "'!' not allowed with several addresses in '%s'",
				 w->s);
	if (n > 1 && !all_prefix) {
		const char *name = fwd_sprintf(c->rs, "%s %s", opt, w->s);

		return name ? fwd_rule_add_opaque(c->rs, r, name) : FWD_ENOMEM;
	}
	for (i = 0; i < n; i++)
		if ((rc = xtd_addr(c->rs, r, m, c->fam, am[i].addr, am[i].mask,
				   st->inv[which], opt)))
			return rc;
	return 0;
}

/* -i / -o as xtables_parse_interface() stores them in the kernel. */
static int add_iface(struct rstate *st, struct fwd_rule *r, int which)
{
	const struct stok *w = st->arg[which];
	char name[IFNAMSIZ];
	unsigned char mask[IFNAMSIZ];
	size_t len = strlen(w->s);

	if (len == 0 || len >= IFNAMSIZ)
		return save_fail(st->c, w, "invalid interface name '%s' (expected 1 to %d characters)",
				 w->s, IFNAMSIZ - 1);
	memset(name, 0, sizeof(name));
	memset(mask, 0, sizeof(mask));
	memcpy(name, w->s, len);
	if (w->s[len - 1] == '+') {
		name[len - 1] = '\0';
		memset(mask, 0xFF, len - 1);
	} else {
		memset(mask, 0xFF, len + 1);
	}
	return xtd_iface(st->c->rs, which == C_IN ? &r->iif : &r->oif, name,
			 mask, st->inv[which]);
}

/* ------------------------------------------------------------------ */
/* Words → options                                                     */
/* ------------------------------------------------------------------ */

static int take_args(struct rstate *st, const struct stoks *t, size_t *i,
		     const struct stok *optw, int nargs, const struct stok **a,
		     int *got)
{
	int k = 0;

	if (nargs < 0) { /* loose: words until the next option or '!' */
		while (*i < t->n && !looks_like_option(&t->v[*i]) &&
		       !(strcmp(t->v[*i].s, "!") == 0 && !t->v[*i].quoted)) {
			if (k == 0)
				*a = &t->v[*i];
			k++;
			(*i)++;
		}
		*got = k;
		return 0;
	}
	if (*i + (size_t)nargs > t->n)
		return save_fail(st->c, optw, "option '%s' needs %d value%s",
				 optw->s, nargs, nargs == 1 ? "" : "s");
	*a = nargs ? &t->v[*i] : NULL;
	*i += (size_t)nargs;
	*got = nargs;
	return 0;
}

static struct sminst *add_match(struct rstate *st, const struct smod *mod,
				const char *name, const struct stok *at)
{
	struct sminst *m;

	if (st->nm == MAX_MATCHES) {
		save_fail(st->c, at, "more than %d matches in one rule",
			  MAX_MATCHES);
		return NULL;
	}
	m = &st->m[st->nm++];
	smod_init(m, mod, name, at);
	return m;
}

static int core_option(struct rstate *st, const struct stoks *t, size_t *i,
		       int k, const struct stok *w, bool inv)
{
	struct save_ctx *c = st->c;
	const struct stok *a = NULL;
	int got, rc;

	if (inv && !core_opts[k].invertible)
		return save_fail(c, w, "'!' is not allowed before '%s'", w->s);
	if (st->opt[k] && k != C_MATCH)
		return save_fail(c, w, "option '%s' given twice (expected it at most once)",
				 w->s);
	if ((rc = take_args(st, t, i, w, core_opts[k].nargs, &a, &got)))
		return rc;
	st->opt[k] = w;
	st->arg[k] = a;
	st->inv[k] = inv;
	switch (k) {
	case C_PROTO:
		if (parse_proto(a->s, &st->proto))
			return save_fail(c, a, "unknown protocol '%s' (expected tcp, udp, icmp, ipv6-icmp, all, a name from /etc/protocols or a number 0-255)",
					 a->s);
		if (st->proto == 0 && inv)
			return save_fail(c, a, "'! -p %s' would never match", a->s);
		return 0;
	case C_FRAG:
		if (c->fam == FWD_IPV6)
			return save_fail(c, w, "unknown option '%s' (ip6tables has no -f; expected -m frag)",
					 w->s);
		return 0;
	case C_MATCH: {
		const struct smod *mod = smod_find(a->s, c->fam);
		const char *tail = c->fam == FWD_IPV6 ? "ip6tables" : "iptables";

		if (!mod)
			return save_fail(c, a, "unknown match module '%s' for %s (expected tcp, udp, multiport, conntrack, state, comment, ...)",
					 a->s, tail);
		return add_match(st, mod, a->s, w) ? 0 : FWD_EINVAL;
	}
	case C_JUMP:
	case C_GOTO:
		if (st->opt[k == C_JUMP ? C_GOTO : C_JUMP])
			return save_fail(c, w, "both -j and -g given (expected one target)");
		st->tkind = starget_kind(c, a->s);
		if (k == C_GOTO && st->tkind != ST_CHAIN)
			return save_fail(c, a, "goto target '%s' is not a user chain of table %s",
					 a->s, c->table);
		if (st->tkind < 0)
			return save_fail(c, a, "unknown target or chain '%s' (expected ACCEPT, DROP, RETURN, REJECT, a target extension, or a user chain declared in table %s)",
					 a->s, c->table);
		return 0;
	case C_COUNTERS: {
		int j;

		for (j = 0; j < 2; j++) {
			const char *p = a[j].s;

			if (!*p || strspn(p, "0123456789") != strlen(p))
				return save_fail(c, &a[j], "invalid counter '%s' (expected a number)",
						 p);
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* A --long option: a match's, the target's, or an implicit -p match's. */
static int long_option(struct rstate *st, const struct stoks *t, size_t *i,
		       const struct stok *w, bool inv)
{
	struct save_ctx *c = st->c;
	const struct smopt *o = NULL;
	struct sminst *m = NULL, *hint = NULL;
	const struct stok *a = NULL;
	int nargs = 0, got, rc;
	size_t k;

	for (k = st->nm; k-- > 0;) {
		struct sminst *x = &st->m[k];

		if (x->mod && smod_opt(x, "", &nargs) != NULL)
			continue; /* loose module: only as a last resort */
		if (!hint)
			hint = x;
		if ((o = smod_opt(x, w->s, &nargs))) {
			m = x;
			break;
		}
	}
	if (!m && st->opt[C_JUMP] && st->tkind == ST_REJECT) {
		if (strcmp(w->s, "--reject-with"))
			return save_fail(c, w, "unknown option '%s' (expected --reject-with after -j REJECT)",
					 w->s);
		if (inv)
			return save_fail(c, w, "'!' is not allowed before '%s'", w->s);
		if ((rc = take_args(st, t, i, w, 1, &a, &got)))
			return rc;
		if (!starget_reject_with_ok(a->s, c->fam))
			return save_fail(c, a, "invalid --reject-with '%s' for %s (expected e.g. %s or tcp-reset)",
					 a->s, fwd_family_name(c->fam),
					 c->fam == FWD_IPV6 ? "icmp6-port-unreachable"
							    : "icmp-port-unreachable");
		st->reject_with = a;
		return 0;
	}
	if (!m && st->opt[C_JUMP] && st->tkind == ST_EXTENSION) {
		if (!strcmp(w->s, "--notrack"))
			st->ct_notrack = true;
		return take_args(st, t, i, w, -1, &a, &got);
	}
	if (!m && st->nm > 0 && smod_opt(&st->m[st->nm - 1], "", &nargs)) {
		m = &st->m[st->nm - 1]; /* the last module takes anything */
		o = smod_opt(m, w->s, &nargs);
	}
	if (!m && st->opt[C_PROTO] && !st->inv[C_PROTO] &&
	    (st->proto == 6 || st->proto == 17 || st->proto == 1 ||
	     st->proto == 58)) {
		/* "-p tcp --dport 22": iptables loads -m tcp by itself */
		const char *pm = st->proto == 6 ? "tcp" : st->proto == 17 ? "udp"
				 : c->fam == FWD_IPV6 ? "icmp6" : "icmp";
		const struct smod *mod = smod_find(pm, c->fam);
		struct sminst probe;

		if (mod) {
			for (k = 0; k < st->nm && strcmp(st->m[k].name, pm); k++)
				;
			smod_init(&probe, mod, pm, w);
			if (k == st->nm && (o = smod_opt(&probe, w->s, &nargs))) {
				if (!(m = add_match(st, mod, pm, w)))
					return FWD_EINVAL;
				m->implicit = true;
			}
		}
	}
	if (!m) {
		if (hint)
			return save_fail(c, w, "unknown option '%s' (expected a match option of -m %s)",
					 w->s, hint->name);
		if (st->opt[C_JUMP])
			return save_fail(c, w, "unknown option '%s' (-j %s takes no options)",
					 w->s, st->arg[C_JUMP]->s);
		return save_fail(c, w, "unknown option '%s' (expected a core option such as -p, -s, -d, -i, -o, -j, or -m MODULE before it)",
				 w->s);
	}
	if ((rc = take_args(st, t, i, w, nargs, &a, &got)))
		return rc;
	return smod_apply(c, m, o, w, inv, a, got);
}

/* ------------------------------------------------------------------ */
/* Building the rule                                                   */
/* ------------------------------------------------------------------ */

static int build_target(struct rstate *st, struct fwd_rule *r)
{
	struct save_ctx *c = st->c;
	const char *name;
	int flags;

	if (!st->opt[C_JUMP] && !st->opt[C_GOTO]) {
		r->verdict = FWD_VERDICT_CONTINUE;
		return 0;
	}
	name = st->arg[st->opt[C_JUMP] ? C_JUMP : C_GOTO]->s;
	switch (st->tkind) {
	case ST_STANDARD:
		r->verdict = !strcmp(name, "ACCEPT") ? FWD_VERDICT_ACCEPT
			     : !strcmp(name, "DROP") ? FWD_VERDICT_DROP
			     : !strcmp(name, "RETURN") ? FWD_VERDICT_RETURN
						       : FWD_VERDICT_QUEUE;
		return 0;
	case ST_CHAIN:
		r->verdict = st->opt[C_GOTO] ? FWD_VERDICT_GOTO : FWD_VERDICT_JUMP;
		r->target = fwd_strdup(c->rs, name);
		return r->target ? 0 : FWD_ENOMEM;
	default: {
		struct xt_ct_target_info ct;

		if (st->tkind == ST_REJECT && st->reject_with &&
		    !strncmp(st->reject_with->s, "tcp-", 4) &&
		    (st->proto != 6 || st->inv[C_PROTO]))
			return save_fail(c, st->reject_with, "--reject-with %s needs -p tcp",
					 st->reject_with->s);
		memset(&ct, 0, sizeof(ct));
		if (st->ct_notrack)
			ct.flags = XT_CT_NOTRACK;
		flags = xtd_target(c->rs, r, name, 0, &ct, sizeof(ct));
		if (flags < 0)
			return flags;
		ipt_target_notes(c->rs, (unsigned)flags, &c->noted,
				 c->name);
		return 0;
	}
	}
}

static int build(struct rstate *st, struct fwd_chain *chain, const char *text)
{
	struct save_ctx *c = st->c;
	struct fwd_rule *r = fwd_rule_add(c->rs, chain);
	size_t k;
	int rc;

	if (!r)
		return FWD_ENOMEM;
	r->where = fwd_file_line(c->rs, c->name, c->line);
	r->text = fwd_strdup(c->rs, text);
	if (!r->where || !r->text)
		return FWD_ENOMEM;
	if (st->opt[C_PROTO] &&
	    (rc = xtd_proto(c->rs, r, st->proto, st->inv[C_PROTO])))
		return rc;
	if (st->opt[C_SRC] && (rc = add_addrs(st, r, C_SRC)))
		return rc;
	if (st->opt[C_DST] && (rc = add_addrs(st, r, C_DST)))
		return rc;
	if (st->opt[C_IN] && (rc = add_iface(st, r, C_IN)))
		return rc;
	if (st->opt[C_OUT] && (rc = add_iface(st, r, C_OUT)))
		return rc;
	if (st->opt[C_FRAG] &&
	    (rc = fwd_rule_add_opaque(c->rs, r, st->inv[C_FRAG] ? "! -f" : "-f")))
		return rc;
	for (k = 0; k < st->nm; k++)
		if ((rc = smod_finish(c, r, &st->m[k], st->proto,
				      st->inv[C_PROTO])))
			return rc;
	return build_target(st, r);
}

int save_rule(struct save_ctx *c, struct fwd_chain *chain,
	      const struct stoks *t, size_t first, const char *text,
	      int only_fam)
{
	struct sminst matches[MAX_MATCHES];
	struct rstate st;
	size_t i = first;
	int rc;

	memset(&st, 0, sizeof(st));
	st.c = c;
	st.m = matches;
	st.tkind = -1;
	while (i < t->n) {
		const struct stok *w = &t->v[i++];
		bool inv = false;
		int k;

		if (!w->quoted && !strcmp(w->s, "!")) {
			if (i == t->n)
				return save_fail(c, w, "'!' at the end of the line (expected an option after it)");
			inv = true;
			w = &t->v[i++];
			if (!w->quoted && !strcmp(w->s, "!"))
				return save_fail(c, w, "'!' given twice");
		}
		if (!looks_like_option(w))
			return save_fail(c, w, "unexpected word '%s' (expected an option)",
					 w->s);
		if ((k = core_lookup(w->s)) >= 0)
			rc = core_option(&st, t, &i, k, w, inv);
		else if (w->s[1] == '-')
			rc = long_option(&st, t, &i, w, inv);
		else
			rc = save_fail(c, w, "unknown option '%s' (expected -s, -d, -i, -o, -p, -m, -j or -g)",
				       w->s);
		if (rc)
			return rc;
	}
	/* "-6" lines in an IPv4 dump are skipped by iptables-restore */
	if ((st.opt[C_V4] && c->fam != FWD_IPV4) ||
	    (st.opt[C_V6] && c->fam != FWD_IPV6) ||
	    (only_fam >= 0 && (int)c->fam != only_fam))
		return 0;
	return build(&st, chain, text);
}
