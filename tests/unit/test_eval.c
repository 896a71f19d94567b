/*
 * test_eval.c — a table of rulesets (in the line language of
 * rules_dsl.h, built through the model API readers use) and the exposure
 * each must give.
 */
#include "check.h"
#include "exposure.h"
#include "rules_dsl.h"

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
	{ "address types: remote unicast to a local address (ufw-not-local)",
	  "base INPUT input 0 drop\nchain NOTLOCAL\nINPUT -> jump NOTLOCAL\n"
	  "NOTLOCAL dtype=local -> return\nNOTLOCAL dtype=multicast -> return\n"
	  "NOTLOCAL -> drop\nINPUT p=6 dport=22 -> accept\n"
	  "INPUT p=6 dport=25 stype=local -> accept\nINPUT p=6 dport=26 !dtype=local -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "22", "" } } },
	{ "address types outbound: the source is local",
	  "base OUTPUT output 0 drop\nOUTPUT p=6 dport=443 stype=local -> accept\n"
	  "OUTPUT p=6 dport=80 dtype=local -> accept",
	  { { FWD_IPV4, DIR_OUT, 6, "443", "" } } },
	{ "drop on one interface only",
	  "base INPUT input 0 accept\nINPUT iif=eth1 p=6 dport=22 -> drop",
	  { { FWD_IPV4, DIR_IN, 6, "1-21,23-65535", "22" } } },
	/* firewalld's zone dispatch: the interface's packets of 22 were all
	 * decided in the zone, so its reject reaches none of them */
	{ "same condition after a jump that decided everything",
	  "base INPUT input 0 drop\nchain ZONE\nINPUT iif=eth0 -> jump ZONE\n"
	  "INPUT iif=eth0 -> reject\nINPUT -> jump ZONE\nINPUT -> reject\n"
	  "ZONE p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "22", "" } } },
	{ "same condition after a conditional drop",
	  "base INPUT input 0 accept\nINPUT iif=eth0 p=6 dport=22 -> drop\n"
	  "INPUT iif=eth0 -> accept\nINPUT p=6 dport=22 -> drop",
	  { { FWD_IPV4, DIR_IN, 6, "1-21,23-65535", "" } } },
	{ "a jump that decided only some: the reject still applies",
	  "base INPUT input 0 drop\nchain ZONE\nINPUT iif=eth0 -> jump ZONE\n"
	  "INPUT iif=eth0 -> reject\nINPUT -> jump ZONE\nINPUT -> reject\n"
	  "ZONE p=6 dport=22 src=10.0.0.0/8 -> accept\nZONE p=6 dport=23 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "23", "22" } } },
	{ "another interface is another condition",
	  "base INPUT input 0 drop\nchain ZONE\nINPUT iif=eth0 -> jump ZONE\n"
	  "INPUT iif=eth1 -> reject\nINPUT -> jump ZONE\nZONE p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "22" } } },
	{ "a covering rule with an unreadable match covers nothing",
	  "base INPUT input 0 drop\nchain ZONE\nINPUT opaque=-m_recent -> jump ZONE\n"
	  "INPUT opaque=-m_recent -> reject\nINPUT -> jump ZONE\n"
	  "ZONE p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "22" } } },
	{ "a broader condition covers a narrower one",
	  "base INPUT input 0 drop\nINPUT iif=eth0 -> drop\n"
	  "INPUT iif=eth0 src=10.0.0.0/8 p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "" } } },
	{ "a narrower condition does not cover a broader one",
	  "base INPUT input 0 drop\nINPUT iif=eth0 src=10.0.0.0/8 -> drop\n"
	  "INPUT iif=eth0 p=6 dport=22 -> accept",
	  { { FWD_IPV4, DIR_IN, 6, "", "22" } } },
	{ "what a jump target learnt stays inside it",
	  "base INPUT input 0 accept\nchain T\nINPUT src=10.0.0.0/8 -> jump T\n"
	  "T iif=eth0 -> return\nINPUT iif=eth0 p=6 dport=22 -> drop",
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
