/*
 * test_eval.c — a table of rulesets, built through the model API that
 * readers use, and the exposure each must give. Rules are written in a
 * tiny line language so that each case reads like a ruleset:
 *
 *   base CHAIN HOOK PRIO POLICY [FAM]   a base chain (FAM 4, 6 or 46)
 *   chain CHAIN                          a regular chain
 *   CHAIN MATCH... -> VERDICT [TARGET]   a rule
 *
 * Matches: p=6|17, dport=22|1-1023, !dport=..., sport=..., src=PFX,
 * !src=PFX, dst=PFX, iif=NAME, !iif=NAME, ct=new|est|new,est, !ct=...,
 * opaque=NAME, fam=4|6, off (inactive).
 */
#include <stdlib.h>

#include "check.h"
#include "exposure.h"
#include "portset.h"
#include "ruleset.h"

struct expect {
	enum fwd_family fam;
	enum fwd_dir dir;
	uint8_t proto;
	const char *open;
	const char *restricted;
};

struct eval_case {
	const char *name;
	const char *rules;
	struct expect want[4];
};

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
		if (!strcmp(t[0], "base")) {
			struct fwd_chain *c = fwd_chain_get(
				rs, v, "test", "t", t[1],
				nt > 5 ? parse_fam(t[5]) : FWD_FAM_ALL);

			fwd_chain_set_base(c, parse_hook(t[2]), atoi(t[3]),
					   parse_verdict(t[4]));
		} else if (!strcmp(t[0], "chain")) {
			fwd_chain_get(rs, v, "test", "t", t[1], FWD_FAM_ALL);
		} else {
			struct fwd_chain *c = fwd_chain_get(rs, v, "test", "t",
							    t[0], FWD_FAM_ALL);
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

static const struct eval_case cases[] = {
	{ "policy drop, one accept",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "22", "" }, { FWD_IPV4, DIR_IN, 17, "", "" },
	    { FWD_IPV6, DIR_IN, 6, "22", "" } } },
	{ "source restriction makes restricted",
	  "base INPUT input 0 drop\nINPUT p=6 dport=443 src=10.0.0.0/8 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "443" } } },
	{ "established and loopback rules open nothing",
	  "base INPUT input 0 drop\nINPUT ct=est,rel -> accept\nINPUT iif=lo -> accept\n"
	  "INPUT src=127.0.0.0/8 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "not lo and ct new select every remote connection",
	  "base INPUT input 0 drop\nINPUT !iif=lo ct=new p=6 dport=8080 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "8080", "" } } },
	{ "negated conntrack",
	  "base INPUT input 0 drop\nINPUT !ct=est p=6 dport=25 -> accept\n"
	  "INPUT !ct=new p=6 dport=26 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "25", "" } } },
	{ "drop before accept range",
	  "base INPUT input 0 drop\nINPUT p=6 dport=23 -> drop\nINPUT p=6 dport=1-1024 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "1-22,24-1024", "" } } },
	{ "negated port set",
	  "base INPUT input 0 drop\nINPUT p=17 !dport=1-1023 -> accept",
	  { { FWD_IPV4, DIR_IN, 17, "1024-65535", "" }, { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "negated protocol",
	  "base INPUT input 0 drop\nINPUT !p=6 dport=53 -> accept",
	  { { FWD_IPV4, DIR_IN, 17, "53", "" }, { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "opaque match is restricted",
	  "base INPUT input 0 drop\nINPUT p=6 dport=80 opaque=-m_recent -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "80" } } },
	{ "opaque drop before accept is restricted",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 opaque=-m_recent -> drop\nINPUT p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "22" } } },
	{ "jump and return under a condition",
	  "base INPUT input 0 drop\nchain SSH\nINPUT p=6 dport=22 -> jump SSH\n"
	  "SSH src=10.0.0.0/8 -> accept\nSSH -> return\nINPUT p=6 dport=22 -> drop",
	  { { FWD_IPV4, DIR_IN, 6, "", "22" } } },
	{ "jump target accepts everything it sees",
	  "base INPUT input 0 drop\nchain WEB\nINPUT p=6 dport=80,443 -> jump WEB\nWEB -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "80,443", "" } } },
	{ "conditional return keeps the rest deciding",
	  "base INPUT input 0 accept\nchain GUARD\nINPUT p=6 dport=3306 -> jump GUARD\n"
	  "GUARD src=10.0.0.0/8 -> return\nGUARD -> drop",
	  { { FWD_IPV4, DIR_IN, 6, "1-3305,3307-65535", "3306" } } },
	{ "goto does not come back",
	  "base INPUT input 0 drop\nchain B\nINPUT p=6 dport=80 -> goto B\n"
	  "B src=10.0.0.0/8 -> accept\nINPUT p=6 dport=80 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "80" } } },
	{ "jump comes back",
	  "base INPUT input 0 drop\nchain B\nINPUT p=6 dport=80 -> jump B\n"
	  "B src=10.0.0.0/8 -> accept\nINPUT p=6 dport=80 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "80", "" } } },
	{ "shadowed accept stays closed",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 -> drop\nINPUT p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "all base chains on a hook apply",
	  "base A input 0 drop\nbase B input 10 drop\nA p=6 dport=22,80 -> accept\nB p=6 dport=80 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "80", "" } } },
	{ "prerouting drops before input",
	  "base RAW prerouting -300 accept\nbase INPUT input 0 accept\nRAW p=17 dport=161 -> drop",
	  { { FWD_IPV4, DIR_IN, 17, "1-160,162-65535", "" } } },
	{ "IPv4 and IPv6 evaluated separately",
	  "base IN4 input 0 drop 4\nbase IN6 input 0 drop 6\nIN4 p=6 dport=22 -> accept\n"
	  "IN6 p=6 dport=22,443 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "22", "" }, { FWD_IPV6, DIR_IN, 6, "22,443", "" } } },
	{ "family-restricted rule in a dual chain",
	  "base INPUT input 0 drop\nINPUT fam=6 p=6 dport=546 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "" }, { FWD_IPV6, DIR_IN, 6, "546", "" } } },
	{ "inactive rules are skipped",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 off -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "outbound default accept with a block",
	  "base OUTPUT output 0 accept\nOUTPUT p=6 dport=25 -> reject",
	  { { FWD_IPV4, DIR_OUT, 6, "1-24,26-65535", "" }, { FWD_IPV4, DIR_IN, 6, "1-65535", "" } } },
	{ "queue leaves the fate unresolved",
	  "base INPUT input 0 drop\nINPUT p=6 dport=8000 -> queue",
	  { { FWD_IPV4, DIR_IN, 6, "", "8000" } } },
	{ "source port restriction",
	  "base INPUT input 0 drop\nINPUT p=17 sport=53 -> accept",
	  { { FWD_IPV4, DIR_IN, 17, "", "1-65535" } } },
	{ "drop on one interface only",
	  "base INPUT input 0 accept\nINPUT iif=eth1 p=6 dport=22 -> drop",
	  { { FWD_IPV4, DIR_IN, 6, "1-21,23-65535", "22" } } },
};

static char *ports(const struct exposure_map *m, enum fwd_label l)
{
	struct portset ps = PORTSET_INIT;
	char *s;

	exposure_ports(m, l, &ps);
	s = portset_format(&ps);
	portset_free(&ps);
	return s;
}

int main(void)
{
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct fwd_ruleset *rs = build(cases[c].rules);
		struct fwd_error err = { 0 };
		struct exposure x;

		CHECK(fwd_ruleset_finalize(rs, &err) == 0);
		CHECK(exposure_build(&x, rs, &err) == 0);
		for (int k = 0; k < 4 && cases[c].want[k].open; k++) {
			const struct expect *w = &cases[c].want[k];
			const struct exposure_map *m = exposure_find(
				&x, fwd_ruleset_view(rs, 0), w->fam, w->dir, w->proto);
			char *o = ports(m, LABEL_OPEN), *r = ports(m, LABEL_RESTRICTED);

			if (strcmp(o, w->open) || strcmp(r, w->restricted))
				fprintf(stderr, "case \"%s\" (%s %s %s):\n",
					cases[c].name, fwd_family_name(w->fam),
					dir_name(w->dir), proto_name(w->proto));
			CHECK_STR(o, w->open);
			CHECK_STR(r, w->restricted);
			free(o);
			free(r);
		}
		exposure_free(&x);
		fwd_ruleset_free(rs);
	}

	/* A jump to a chain that does not exist is refused, not ignored. */
	{
		struct fwd_ruleset *rs = build("base INPUT input 0 drop\nINPUT -> jump NOPE");
		struct fwd_error err = { 0 };

		CHECK(fwd_ruleset_finalize(rs, &err) == FWD_EINVAL);
		CHECK(strstr(err.text, "NOPE") != NULL);
		fwd_ruleset_free(rs);
	}
	/* A loop is refused. */
	{
		struct fwd_ruleset *rs = build("base INPUT input 0 drop\nchain A\nchain B\n"
					       "INPUT -> jump A\nA -> jump B\nB -> jump A");
		struct fwd_error err = { 0 };

		CHECK(fwd_ruleset_finalize(rs, &err) == FWD_EINVAL);
		CHECK(strstr(err.text, "loop") != NULL);
		fwd_ruleset_free(rs);
	}
	return check_done();
}
