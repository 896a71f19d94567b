/*
 * xt.c — see xt.h. The only file that knows whether the shared xtables
 * decoder is built in (HAVE_XT_DECODE, set by meson.build).
 */
#include <string.h>

#include "xt.h"

#ifdef HAVE_XT_DECODE
#include "xt_decode.h"
#endif

const char *nft_xt_text(struct nir_ctx *cx, bool target, const char *name)
{
	const char *s = fwd_sprintf(cx->rs, "xt %s %s",
				    target ? "target" : "match", name);

	return s;
}

static enum fwd_verdict target_by_name(const char *name)
{
	if (strcmp(name, "REJECT") == 0)
		return FWD_VERDICT_REJECT;
	if (strcmp(name, "NFQUEUE") == 0 || strcmp(name, "QUEUE") == 0)
		return FWD_VERDICT_QUEUE;
	return FWD_VERDICT_CONTINUE;
}

static void nat_note(struct nir_ctx *cx)
{
	if (cx->nat_notes++)
		return;
	fwd_ruleset_note(cx->rs, FWD_NOTE_INFO,
			 "nftables: NAT rules are read as rules that do not "
			 "decide; address and port rewriting is not followed");
}

int nft_xt_lower(struct nir_ctx *cx, const struct nir_table *t,
		 struct merge *m, const struct nir_stmt *s)
{
#ifdef HAVE_XT_DECODE
	enum fwd_family fam = t->fams == FWD_FAM_IPV6 ? FWD_IPV6 : FWD_IPV4;
	struct fwd_rule *tmp;
	int rc;

	if (s->xt_data) {
		tmp = fwd_alloc(cx->rs, sizeof(*tmp));
		if (!tmp)
			return FWD_ENOMEM;
		tmp->families = FWD_FAM_ALL;
		if (s->xt_target) {
			rc = xtd_target(cx->rs, tmp, s->xt_name, s->xt_rev,
					s->xt_data, s->xt_len);
			if (rc < 0)
				return mg_opaque(m, fwd_sprintf(cx->rs, "-j %s",
								s->xt_name));
			if (rc & XTD_T_NAT)
				nat_note(cx);
			if (m->r->verdict == FWD_VERDICT_CONTINUE)
				m->r->verdict = tmp->verdict;
			return 0;
		}
		rc = xtd_match(cx->rs, tmp, fam, s->xt_name, s->xt_rev,
			       s->xt_data, s->xt_len, NULL);
		if (rc == FWD_EINVAL)
			return mg_opaque(m, fwd_sprintf(cx->rs, "-m %s",
							s->xt_name));
		if (rc < 0)
			return rc;
		return mg_rule(m, tmp);
	}
#else
	(void)t;
#endif
	if (s->xt_target) {
		enum fwd_verdict v = target_by_name(s->xt_name);

		if (strcmp(s->xt_name, "DNAT") == 0 ||
		    strcmp(s->xt_name, "SNAT") == 0 ||
		    strcmp(s->xt_name, "MASQUERADE") == 0 ||
		    strcmp(s->xt_name, "REDIRECT") == 0)
			nat_note(cx);
		if (m->r->verdict == FWD_VERDICT_CONTINUE)
			m->r->verdict = v;
		return 0;
	}
	if (strcmp(s->xt_name, "comment") == 0)
		return 0;
	return mg_opaque(m, fwd_sprintf(cx->rs, "-m %s", s->xt_name));
}
