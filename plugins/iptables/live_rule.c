/*
 * live_rule.c — one kernel rule (struct live_entry) → one model rule:
 * origin, iptables-save text, IP part, each match through xt_decode.c,
 * and the verdict. Family-neutral; live4.c and live6.c fill the entry.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/xt_decode.h"
#include "iptables.h"
#include "live.h"

static int fail(struct live_ctx *c, const struct fwd_rule *r, int code,
		const char *what)
{
	return fwd_error_set(c->err, code, r->where ? r->where : c->tool, 0, 0,
			     "%s", what);
}

static int decode_matches(struct live_ctx *c, struct fwd_rule *r,
			  const struct live_entry *e)
{
	size_t off = 0;
	int rc;

	while (off < e->matches_len) {
		const struct xt_entry_match *m =
			(const void *)(e->matches + off);
		size_t size;
		char name[XT_EXTENSION_MAXNAMELEN];

		if (e->matches_len - off < sizeof(*m) ||
		    (size = m->u.match_size) < sizeof(*m) ||
		    size > e->matches_len - off)
			return fail(c, r, FWD_EIO, "malformed match in kernel rule");
		memcpy(name, m->u.user.name, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		rc = xtd_match(c->rs, r, c->fam, name, m->u.user.revision,
			       m->data, size - sizeof(*m), NULL);
		if (rc == FWD_EINVAL)
			return fail(c, r, FWD_EIO, "kernel match smaller than its revision's struct");
		if (rc)
			return rc;
		off += size;
	}
	return 0;
}

static int decode_target(struct live_ctx *c, struct fwd_rule *r,
			 const struct live_entry *e)
{
	const struct xt_entry_target *t = e->target;
	const char *name = e->target_name;
	int flags;

	if (t->u.user.name[0]) {
		char ext[XT_EXTENSION_MAXNAMELEN];

		if (t->u.target_size < sizeof(*t))
			return fail(c, r, FWD_EIO, "malformed target in kernel rule");
		memcpy(ext, t->u.user.name, sizeof(ext));
		ext[sizeof(ext) - 1] = '\0';
		flags = xtd_target(c->rs, r, ext, t->u.user.revision, t->data,
				   t->u.target_size - sizeof(*t));
		if (flags < 0)
			return flags;
		ipt_target_notes(c->rs, (unsigned)flags, &c->noted,
				 c->fam == FWD_IPV6 ? "ip6tables live"
						    : "iptables live");
		return 0;
	}
	if (!name || !*name)
		r->verdict = FWD_VERDICT_CONTINUE;
	else if (!strcmp(name, "ACCEPT"))
		r->verdict = FWD_VERDICT_ACCEPT;
	else if (!strcmp(name, "DROP"))
		r->verdict = FWD_VERDICT_DROP;
	else if (!strcmp(name, "RETURN"))
		r->verdict = FWD_VERDICT_RETURN;
	else if (!strcmp(name, "QUEUE"))
		r->verdict = FWD_VERDICT_QUEUE;
	else {
		r->verdict = e->is_goto ? FWD_VERDICT_GOTO : FWD_VERDICT_JUMP;
		if (!(r->target = fwd_strdup(c->rs, name)))
			return FWD_ENOMEM;
	}
	return 0;
}

int live_rule(struct live_ctx *c, struct fwd_chain *chain, unsigned index,
	      const struct live_entry *e)
{
	struct fwd_rule *r = fwd_rule_add(c->rs, chain);
	bool missing = false;
	const char *text;
	size_t len;
	int rc;

	if (!r)
		return FWD_ENOMEM;
	r->where = fwd_sprintf(c->rs, "%s live: %s %s #%u", c->tool, c->table,
			       chain->name, index);
	if (!r->where)
		return FWD_ENOMEM;
	if (!(text = xtp_rule_text(&c->text, chain->name, e, &len, &missing)))
		return fwd_error_set(c->err, FWD_EIO, r->where, 0, 0,
				     "cannot print the rule: libxtables failed to initialise");
	if (!(r->text = fwd_strndup(c->rs, text, len)))
		return FWD_ENOMEM;
	if (missing && !c->missing_ext_noted) {
		c->missing_ext_noted = true;
		fwd_ruleset_note(c->rs, FWD_NOTE_WARNING,
				 "%s: an xtables extension library could not be loaded; rule texts may lack options (first: %s)",
				 c->tool, r->where);
	}
	if ((rc = xtd_proto(c->rs, r, (uint8_t)e->proto,
			    e->invflags & LIVE_INV_PROTO)) ||
	    (rc = xtd_addr(c->rs, r, &r->saddr, c->fam, e->src, e->smsk,
			   e->invflags & LIVE_INV_SRCIP, "-s")) ||
	    (rc = xtd_addr(c->rs, r, &r->daddr, c->fam, e->dst, e->dmsk,
			   e->invflags & LIVE_INV_DSTIP, "-d")))
		return rc;
	if ((e->iniface_mask[0] || (e->invflags & LIVE_INV_VIA_IN)) &&
	    (rc = xtd_iface(c->rs, &r->iif, e->iniface, e->iniface_mask,
			    e->invflags & LIVE_INV_VIA_IN)))
		return rc;
	if ((e->outiface_mask[0] || (e->invflags & LIVE_INV_VIA_OUT)) &&
	    (rc = xtd_iface(c->rs, &r->oif, e->outiface, e->outiface_mask,
			    e->invflags & LIVE_INV_VIA_OUT)))
		return rc;
	if (e->frag &&
	    (rc = fwd_rule_add_opaque(c->rs, r, e->invflags & LIVE_INV_FRAG
							? "! -f" : "-f")))
		return rc;
	if ((rc = decode_matches(c, r, e)))
		return rc;
	return decode_target(c, r, e);
}
