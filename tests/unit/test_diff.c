/*
 * test_diff.c — every status and conflict kind of the diff, and extras,
 * on rulesets written in the rules_dsl.h language against one-line
 * baselines.
 */
#include "baseline.h"
#include "check.h"
#include "diff.h"
#include "exposure.h"
#include "rules_dsl.h"

struct diff_case {
	const char *name;
	const char *req;   /* direction|protocols|ports|peer_scope|expect */
	const char *rules;
	enum status status;
	enum conflict conflict;
	enum severity worst;
	unsigned extras;
	const char *extra_ports; /* first extra, NULL to skip */
};

static struct baseline *one_req(const char *spec)
{
	char dir[8], protos[16], ports[64], scope[16], expect[16], text[2048];
	struct baseline *b = NULL;
	struct fwd_error err = { 0 };
	char protolist[40];

	sscanf(spec, "%7[^|]|%15[^|]|%63[^|]|%15[^|]|%15s", dir, protos, ports,
	       scope, expect);
	snprintf(protolist, sizeof(protolist), "%s",
		 !strcmp(protos, "tcp,udp") ? "\"tcp\",\"udp\""
		 : !strcmp(protos, "udp") ? "\"udp\"" : "\"tcp\"");
	snprintf(text, sizeof(text),
		 "{\"schema\":\"fwdrift-baseline/1\",\"name\":\"t\",\"product\":\"T\","
		 "\"platform\":\"linux\",\"source\":{\"title\":\"x\"},"
		 "\"default_role\":\"server\",\"roles\":[{\"name\":\"server\"}],"
		 "\"requirements\":[{\"id\":\"r\",\"roles\":[\"server\"],"
		 "\"direction\":\"%s\",\"protocols\":[%s],\"ports\":\"%s\","
		 "\"peer\":\"p\",\"peer_scope\":\"%s\",\"purpose\":\"x\","
		 "\"section\":\"s\",\"expect\":\"%s\"}]}",
		 dir, protolist, ports, scope, expect);
	if (baseline_load_text(&b, "case.json", text, strlen(text), &err))
		fprintf(stderr, "baseline: %s\n", err.text);
	return b;
}

static const struct diff_case cases[] = {
	{ "compliant", "in|tcp|22|specific|open",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 -> accept",
	  ST_COMPLIANT, CF_NONE, SEV_OK, 0, NULL },
	{ "compliant when restricted and the peer is a specific host",
	  "in|tcp|22|specific|open",
	  "read 4\nbase INPUT input 0 drop\nINPUT p=6 dport=22 src=10.0.0.0/8 -> accept",
	  ST_COMPLIANT, CF_NONE, SEV_OK, 0, NULL },
	{ "missing", "in|tcp|22|specific|open", "base INPUT input 0 drop",
	  ST_MISSING, CF_NONE, SEV_CRITICAL, 0, NULL },
	{ "missing behind a catch-all drop", "in|tcp|22|specific|open",
	  "base INPUT input 0 accept\nINPUT -> drop",
	  ST_MISSING, CF_NONE, SEV_CRITICAL, 0, NULL },
	{ "shadowed accept", "in|tcp|22|specific|open",
	  "base INPUT input 0 drop\nINPUT p=6 -> drop\nINPUT p=6 dport=22 -> accept",
	  ST_CONFLICTING, CF_SHADOWED, SEV_CRITICAL, 0, NULL },
	{ "explicit block", "in|tcp|10001|specific|open",
	  "read 4\nbase INPUT input 0 accept\nINPUT p=6 dport=10001 -> reject",
	  ST_CONFLICTING, CF_EXPLICIT_BLOCK, SEV_CRITICAL, 1, NULL },
	{ "open in IPv4, closed in IPv6", "in|tcp|22|specific|open",
	  "base IN4 input 0 drop 4\nbase IN6 input 0 drop 6\nIN4 p=6 dport=22 -> accept",
	  ST_CONFLICTING, CF_FAMILY, SEV_CRITICAL, 0, NULL },
	{ "open over the wrong protocol", "in|udp|10000|specific|open",
	  "base INPUT input 0 drop\nINPUT p=6 dport=10000 -> accept",
	  ST_CONFLICTING, CF_WRONG_PROTOCOL, SEV_CRITICAL, 2, "10000" },
	{ "allowed only by an inactive rule", "in|tcp|10001|specific|open",
	  "base INPUT input 0 drop\nINPUT p=6 dport=10001 off -> accept",
	  ST_CONFLICTING, CF_INACTIVE_RULE, SEV_CRITICAL, 0, NULL },
	{ "one backend accepts, another drops", "in|tcp|22|specific|open",
	  "base NFT input 0 accept 46 nftables\nbase IPT input 0 drop 46 iptables\n"
	  "NFT p=6 dport=22 -> accept",
	  ST_CONFLICTING, CF_BACKEND, SEV_CRITICAL, 0, NULL },
	{ "restricted although anyone must reach it", "in|tcp|443|any|open",
	  "read 4\nbase INPUT input 0 drop\nINPUT p=6 dport=443 src=10.0.0.0/8 -> accept",
	  ST_CONFLICTING, CF_RESTRICTED, SEV_WARNING, 0, NULL },
	{ "must be restricted, is open to all", "in|tcp|22|specific|restricted",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 -> accept",
	  ST_CONFLICTING, CF_OPEN_TO_ALL, SEV_WARNING, 0, NULL },
	{ "must stay closed, is reachable", "in|tcp|22|specific|closed",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22 -> accept",
	  ST_CONFLICTING, CF_NOT_CLOSED, SEV_WARNING, 2, "22" },
	{ "must stay closed and is", "in|tcp|22|specific|closed",
	  "base INPUT input 0 drop", ST_COMPLIANT, CF_NONE, SEV_OK, 0, NULL },
	{ "extras are what the baseline does not need", "in|tcp|22|specific|open",
	  "base INPUT input 0 drop\nINPUT p=6 dport=22,8080-8090 -> accept",
	  ST_COMPLIANT, CF_NONE, SEV_WARNING, 2, "8080-8090" },
	{ "default-accept inbound is one finding per family", "in|tcp|22|specific|open",
	  "base INPUT input 0 accept 4",
	  ST_COMPLIANT, CF_NONE, SEV_WARNING, 2, NULL },
	{ "outbound default accept is no extra", "out|tcp|389|specific|open",
	  "base INPUT input 0 drop\nbase OUTPUT output 0 accept",
	  ST_COMPLIANT, CF_NONE, SEV_OK, 0, NULL },
};

int main(void)
{
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct diff_case *dc = &cases[c];
		struct baseline *b = one_req(dc->req);
		struct fwd_ruleset *rs = build(dc->rules);
		struct fwd_error err = { 0 };
		struct selection sel;
		struct exposure x;
		struct report r;

		CHECK(b != NULL);
		if (!b)
			continue;
		CHECK(baseline_select(b, NULL, 0, NULL, 0, &sel, &err) == 0);
		CHECK(fwd_ruleset_finalize(rs, &err) == 0);
		CHECK(exposure_build(&x, rs, &err) == 0);
		CHECK(diff_run(&r, b, &sel, rs, &x, NULL, &err) == 0);
		CHECK(r.n_findings >= 1);
		if (r.n_findings) {
			const struct finding *f = &r.findings[0];

			if (f->status != dc->status || f->conflict != dc->conflict ||
			    r.worst != dc->worst || r.n_extras != dc->extras)
				fprintf(stderr, "case \"%s\": got %s/%s worst %s, "
					"%u extras (%s)\n", dc->name,
					status_name(f->status),
					conflict_name(f->conflict),
					severity_status(r.worst), r.n_extras,
					f->message);
			CHECK(f->status == dc->status);
			CHECK(f->conflict == dc->conflict);
			CHECK(f->message[0] != '\0');
			if (f->status != ST_COMPLIANT) {
				CHECK(f->n_ev > 0);     /* evidence named */
				CHECK(f->example.set);  /* and one packet */
			}
		}
		CHECK(r.worst == dc->worst);
		CHECK(r.n_extras == dc->extras);
		if (dc->extra_ports && r.n_extras) {
			char *p = portset_format(&r.extras[0].ports);

			CHECK_STR(p, dc->extra_ports);
			free(p);
		}
		report_free(&r);
		exposure_free(&x);
		selection_free(&sel);
		fwd_ruleset_free(rs);
		baseline_free(b);
	}
	return check_done();
}
