/*
 * rules_dsl.h — a tiny line language that builds rulesets through the
 * model API readers use, so that evaluator and diff tests read like
 * rulesets:
 *
 *   base CHAIN HOOK PRIO POLICY [FAM] [BACKEND]   a base chain
 *   chain CHAIN                                   a regular chain
 *   read FAM                                      only FAM was read
 *   CHAIN MATCH... -> VERDICT [TARGET]            a rule
 *
 * Matches: p=6|17, dport=22|1-1023, !dport=..., sport=..., src=PFX,
 * !src=PFX, dst=PFX, iif=NAME, !iif=NAME, ct=new|est|new,est, !ct=...,
 * stype=/dtype=local|unicast|broadcast|multicast (and !), opaque=NAME,
 * fam=4|6, off (inactive).
 */
#ifndef FWD_TEST_RULES_DSL_H
#define FWD_TEST_RULES_DSL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portset.h"
#include "ruleset.h"

static unsigned parse_fam(const char *s)
{
	return !strcmp(s, "4") ? FWD_FAM_IPV4 : !strcmp(s, "6") ? FWD_FAM_IPV6
								 : FWD_FAM_ALL;
}

static enum fwd_hook parse_hook(const char *s)
{
	return !strcmp(s, "prerouting") ? FWD_HOOK_PREROUTING
	       : !strcmp(s, "output") ? FWD_HOOK_OUTPUT
	       : !strcmp(s, "forward") ? FWD_HOOK_FORWARD : FWD_HOOK_INPUT;
}

static enum fwd_verdict parse_verdict(const char *s)
{
	static const char *const names[] = { "continue", "accept", "drop",
					     "reject", "jump", "goto",
					     "return", "queue" };
	for (unsigned i = 0; i < 8; i++)
		if (!strcmp(names[i], s))
			return (enum fwd_verdict)i;
	return FWD_VERDICT_CONTINUE;
}

static void add_ports(struct fwd_ruleset *rs, struct fwd_port_match *m,
		      const char *v)
{
	struct portset ps = PORTSET_INIT;

	portset_parse(&ps, v, NULL);
	for (uint32_t i = 0; i < ps.n; i++)
		fwd_port_match_add(rs, m, ps.r[i].lo, ps.r[i].hi);
	portset_free(&ps);
}

static uint8_t parse_ct(const char *v)
{
	uint8_t s = 0;

	if (strstr(v, "new"))
		s |= FWD_CT_NEW;
	if (strstr(v, "est"))
		s |= FWD_CT_ESTABLISHED;
	if (strstr(v, "rel"))
		s |= FWD_CT_RELATED;
	return s;
}

static void add_match(struct fwd_ruleset *rs, struct fwd_rule *r,
		      const char *tok)
{
	bool neg = tok[0] == '!';
	const char *eq = strchr(tok, '=');
	char key[32];
	const char *v = eq ? eq + 1 : "";
	struct fwd_prefix p;

	if (neg)
		tok++;
	snprintf(key, sizeof(key), "%.*s", (int)(eq ? eq - tok : (long)strlen(tok)), tok);
	if (!strcmp(key, "p")) {
		fwd_proto_match_add(rs, &r->proto, (uint8_t)atoi(v));
		r->proto.negate = neg;
	} else if (!strcmp(key, "dport")) {
		add_ports(rs, &r->dport, v);
		r->dport.negate = neg;
	} else if (!strcmp(key, "sport")) {
		add_ports(rs, &r->sport, v);
		r->sport.negate = neg;
	} else if (!strcmp(key, "src") || !strcmp(key, "dst")) {
		struct fwd_addr_match *m = key[0] == 's' ? &r->saddr : &r->daddr;

		fwd_prefix_parse(v, &p);
		fwd_addr_match_add(rs, m, &p);
		m->negate = neg;
	} else if (!strcmp(key, "iif")) {
		fwd_iface_match_add(rs, &r->iif, v);
		r->iif.negate = neg;
	} else if (!strcmp(key, "ct")) {
		r->ct.states = parse_ct(v);
		r->ct.negate = neg;
	} else if (!strcmp(key, "stype") || !strcmp(key, "dtype")) {
		struct fwd_addrtype_match *m = key[0] == 's' ? &r->stype : &r->dtype;

		m->types = !strcmp(v, "local") ? FWD_ADDRTYPE_LOCAL
			   : !strcmp(v, "unicast") ? FWD_ADDRTYPE_UNICAST
			   : !strcmp(v, "broadcast") ? FWD_ADDRTYPE_BROADCAST
						    : FWD_ADDRTYPE_MULTICAST;
		m->negate = neg;
	} else if (!strcmp(key, "opaque")) {
		fwd_rule_add_opaque(rs, r, v);
	} else if (!strcmp(key, "fam")) {
		r->families = parse_fam(v);
	} else if (!strcmp(key, "off")) {
		r->inactive = "disabled";
	}
}

static struct fwd_ruleset *build(const char *text)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_view *v = fwd_view_get(rs, "host");
	char *copy = strdup(text), *save = NULL, *line;
	unsigned n = 0;

	fwd_view_mark_read(v, FWD_FAM_ALL);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *t[16], *ts = NULL;
		int nt = 0;

		for (char *w = strtok_r(line, " ", &ts); w && nt < 16;
		     w = strtok_r(NULL, " ", &ts))
			t[nt++] = w;
		if (!nt)
			continue;
		if (!strcmp(t[0], "read")) {
			v->families_read = parse_fam(t[1]);
		} else if (!strcmp(t[0], "base")) {
			struct fwd_chain *c = fwd_chain_get(
				rs, v, nt > 6 ? t[6] : "test", "t", t[1],
				nt > 5 ? parse_fam(t[5]) : FWD_FAM_ALL);

			fwd_chain_set_base(c, parse_hook(t[2]), atoi(t[3]),
					   parse_verdict(t[4]));
		} else if (!strcmp(t[0], "chain")) {
			fwd_chain_get(rs, v, "test", "t", t[1], FWD_FAM_ALL);
		} else {
			struct fwd_chain *c = NULL;

			for (uint32_t k = 0; k < v->n_chains && !c; k++)
				if (!strcmp(v->chains[k]->name, t[0]))
					c = v->chains[k];
			if (!c)
				c = fwd_chain_get(rs, v, "test", "t", t[0],
						  FWD_FAM_ALL);
			struct fwd_rule *r = fwd_rule_add(rs, c);
			int i;

			r->where = fwd_sprintf(rs, "case line %u", ++n);
			r->text = r->where;
			for (i = 1; i < nt && strcmp(t[i], "->"); i++)
				add_match(rs, r, t[i]);
			if (i + 1 < nt)
				r->verdict = parse_verdict(t[i + 1]);
			if (i + 2 < nt)
				r->target = fwd_strdup(rs, t[i + 2]);
		}
	}
	free(copy);
	return rs;
}

#endif
