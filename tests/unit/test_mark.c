/* test_mark.c — fwd_ruleset_mark/rollback: what a reader added after the
 * mark is gone, what was there before is intact and still found. */
#include <fwdrift/model.h>

#include "check.h"

static struct fwd_chain *chain(struct fwd_ruleset *rs, struct fwd_view *v,
			       const char *name)
{
	return fwd_chain_get(rs, v, "nftables", "inet t", name, FWD_FAM_ALL);
}

int main(void)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_view *host = fwd_view_get(rs, "host");
	struct fwd_chain *in = chain(rs, host, "input"), *c;
	struct fwd_mark *m;

	CHECK(in && fwd_rule_add(rs, in));
	fwd_ruleset_note(rs, FWD_NOTE_INFO, "before");
	m = fwd_ruleset_mark(rs);
	CHECK(m != NULL);

	/* an attempt that is taken back: rules, chains, a view, notes */
	CHECK(fwd_rule_add(rs, in) && fwd_rule_add(rs, in));
	c = chain(rs, host, "svc1");
	CHECK(c && fwd_rule_add(rs, c));
	CHECK(chain(rs, fwd_view_get(rs, "public"), "x") != NULL);
	fwd_view_mark_read(host, FWD_FAM_IPV4);
	fwd_ruleset_note(rs, FWD_NOTE_WARNING, "during");
	fwd_ruleset_add_source(rs, "attempt 1");
	CHECK(fwd_ruleset_rollback(rs, m) == 0);

	CHECK(fwd_ruleset_view_count(rs) == 1);
	CHECK(host->n_chains == 1 && host->chains[0] == in);
	CHECK(in->n_rules == 1);
	CHECK(host->families_read == 0);
	/* the lookup forgot svc1 but still finds input */
	CHECK(chain(rs, host, "input") == in);
	c = chain(rs, host, "svc1");
	CHECK(c && c->n_rules == 0 && host->n_chains == 2);

	/* a second rollback to the same mark works as well */
	CHECK(fwd_ruleset_rollback(rs, m) == 0);
	CHECK(host->n_chains == 1 && chain(rs, host, "input") == in);
	fwd_ruleset_free(rs);
	return check_done();
}
