/*
 * fuzz_baseline.c — libFuzzer harness for the baseline loader
 * (baseline_load_text: JSON of schema fwdrift-baseline/1). A baseline
 * that loads is expanded for every role and feature and for its default
 * role, compared with a small fixed ruleset (diff_run), and rendered in
 * every report format, as `fwdrift --baseline FILE` would.
 */
#include <stdio.h>

#include "baseline.h"
#include "diff.h"
#include "exposure.h"
#include "report.h"
#include "ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fwd_ruleset *rs;
static struct exposure x;
static FILE *sink;

/* INPUT: ssh from 10/8, https, dns blocked, policy drop; OUTPUT accept. */
static int fixed_ruleset(void)
{
	struct fwd_prefix p;
	struct fwd_error err = { 0 };
	struct fwd_view *v;
	struct fwd_chain *in, *out;
	struct fwd_rule *r;

	rs = fwd_ruleset_new();
	v = rs ? fwd_view_get(rs, "host") : NULL;
	if (!v)
		return -1;
	fwd_view_mark_read(v, FWD_FAM_ALL);
	in = fwd_chain_get(rs, v, "nftables", "inet f", "input", FWD_FAM_ALL);
	out = fwd_chain_get(rs, v, "nftables", "inet f", "output", FWD_FAM_ALL);
	fwd_chain_set_base(in, FWD_HOOK_INPUT, 0, FWD_VERDICT_DROP);
	fwd_chain_set_base(out, FWD_HOOK_OUTPUT, 0, FWD_VERDICT_ACCEPT);
	r = fwd_rule_add(rs, in);
	fwd_proto_match_add(rs, &r->proto, FWD_PROTO_TCP);
	fwd_port_match_add(rs, &r->dport, 22, 22);
	fwd_prefix_parse("10.0.0.0/8", &p);
	fwd_addr_match_add(rs, &r->saddr, &p);
	r->families = FWD_FAM_IPV4;
	r->verdict = FWD_VERDICT_ACCEPT;
	r->where = "fixed:1";
	r->text = "ip saddr 10.0.0.0/8 tcp dport 22 accept";
	r = fwd_rule_add(rs, in);
	fwd_proto_match_add(rs, &r->proto, FWD_PROTO_TCP);
	fwd_port_match_add(rs, &r->dport, 443, 443);
	fwd_port_match_add(rs, &r->dport, 49152, 65535);
	r->verdict = FWD_VERDICT_ACCEPT;
	r->where = "fixed:2";
	r->text = "tcp dport { 443, 49152-65535 } accept";
	r = fwd_rule_add(rs, in);
	fwd_proto_match_add(rs, &r->proto, FWD_PROTO_UDP);
	fwd_port_match_add(rs, &r->dport, 53, 53);
	r->verdict = FWD_VERDICT_DROP;
	r->where = "fixed:3";
	r->text = "udp dport 53 drop";
	r = fwd_rule_add(rs, in);
	fwd_proto_match_add(rs, &r->proto, FWD_PROTO_UDP);
	fwd_port_match_add(rs, &r->dport, 53, 53);
	r->verdict = FWD_VERDICT_ACCEPT;
	r->where = "fixed:4";
	r->text = "udp dport 53 accept";
	if (fwd_ruleset_finalize(rs, &err) || exposure_build(&x, rs, &err))
		return -1;
	sink = fopen("/dev/null", "w");
	return sink ? 0 : -1;
}

static void audit(const struct baseline *b, const char *const *roles,
		  unsigned n_roles, const char *const *features,
		  unsigned n_features)
{
	struct selection sel = { 0 };
	struct fwd_error err = { 0 };
	struct report r;

	if (!baseline_select(b, roles, n_roles, features, n_features, &sel,
			     &err)) {
		show_baseline_text(sink, b, &sel);
		show_baseline_json(sink, b, &sel);
		if (!diff_run(&r, b, &sel, rs, &x, NULL, &err)) {
			report_render_text(sink, &r, 2);
			report_render_json(sink, &r, 2);
			report_render_nagios(sink, &r, 2);
		}
		report_free(&r);
	}
	selection_free(&sel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const all[] = { "all" };
	struct fwd_error err = { 0 };
	struct baseline *b = NULL;

	if (!rs && fixed_ruleset())
		abort();
	if (baseline_load_text(&b, "fuzz.json", (const char *)data, size,
			       &err) == 0) {
		audit(b, NULL, 0, NULL, 0);
		audit(b, all, 1, all, 1);
	}
	baseline_free(b);
	return 0;
}
