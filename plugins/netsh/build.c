/*
 * build.c — Windows Firewall semantics in the normalized model.
 *
 * Windows rules are unordered: an authenticated bypass beats a block, a
 * block beats an allow, an allow beats the profile's default. The model's
 * chains are ordered, so each profile's inbound and outbound chain holds
 * bypass rules first, then blocks, then allows, and the chain policy is
 * the profile default. Rules are never dropped: a disabled rule, a rule of
 * another profile, an allow under BlockInboundAlways and every rule of a
 * profile whose firewall is off stay in the chain with r->inactive saying
 * why, because the diff reports them.
 *
 * Several files may be read into one ruleset. Everything that must carry
 * over between them lives in the model: the profile state in the view and
 * chains (view->enabled, the policies, the chain's `where`), the order in
 * the chains. Each read re-sorts the chains and recomputes the reasons
 * that come from profile settings, so the last settings read win.
 */
#include <stdlib.h>
#include <string.h>

#include "netsh.h"

#define BACKEND "netsh"
#define ASSUMED "assumed Windows default"
#define MARK_ALWAYS "Firewall Policy BlockInboundAlways"

static const char *const in_names[] = {
	[NSH_IN_BLOCK] = "BlockInbound",
	[NSH_IN_BLOCK_ALWAYS] = "BlockInboundAlways",
	[NSH_IN_ALLOW] = "AllowInbound",
	[NSH_IN_UNSET] = "NotConfigured",
};
static const char *const out_names[] = {
	[NSH_OUT_ALLOW] = "AllowOutbound",
	[NSH_OUT_BLOCK] = "BlockOutbound",
	[NSH_OUT_UNSET] = "NotConfigured",
};

struct prof_chains {
	struct fwd_view *view;
	struct fwd_chain *in, *out;
};

/* Set the profile's state on its view and chains; where = origin. */
static int apply_settings(struct nsh_parse *p, int pid, struct prof_chains *pc,
			  const struct nsh_profile *pr, bool assumed)
{
	bool off = pr->state == NSH_STATE_OFF;
	enum nsh_inpol in = pr->in == NSH_IN_UNSET ? NSH_IN_BLOCK : pr->in;
	enum nsh_outpol out = pr->out == NSH_OUT_UNSET ? NSH_OUT_ALLOW : pr->out;
	const char *where;

	if (assumed)
		where = fwd_sprintf(p->rs, ASSUMED ": State ON, Firewall "
				    "Policy BlockInbound,AllowOutbound");
	else
		where = fwd_sprintf(p->rs, "%s:%d: %s profile: State %s, "
				    "Firewall Policy %s,%s", p->source, pr->line,
				    nsh_profile_name(pid), off ? "OFF" : "ON",
				    in_names[in], out_names[out]);
	if (!where)
		return FWD_ENOMEM;
	pc->view->enabled = !off;
	pc->in->where = pc->out->where = where;
	/* A profile that is off lets everything through. */
	fwd_chain_set_base(pc->in, FWD_HOOK_INPUT, 0,
			   off || in == NSH_IN_ALLOW ? FWD_VERDICT_ACCEPT
						     : FWD_VERDICT_DROP);
	fwd_chain_set_base(pc->out, FWD_HOOK_OUTPUT, 0,
			   off || out == NSH_OUT_ALLOW ? FWD_VERDICT_ACCEPT
						       : FWD_VERDICT_DROP);
	if (!assumed && (pr->state == NSH_STATE_UNSET ||
			 pr->in == NSH_IN_UNSET || pr->out == NSH_OUT_UNSET))
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s:%d: %s profile settings are NotConfigured "
				 "(a Group Policy store view?); assumed the "
				 "Windows defaults State ON, BlockInbound, "
				 "AllowOutbound for them", p->source, pr->line,
				 nsh_profile_name(pid));
	if (off)
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s:%d: the firewall is OFF in the %s profile: "
				 "everything passes there", p->source, pr->line,
				 nsh_profile_name(pid));
	if (pr->local_rules_off)
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s:%d: LocalFirewallRules Disable in the %s "
				 "profile: Windows ignores its locally defined "
				 "rules, which this export does not tell apart",
				 p->source, pr->line, nsh_profile_name(pid));
	return 0;
}

static int copy_ports(struct fwd_ruleset *rs, struct fwd_port_match *to,
		      const struct fwd_port_match *from)
{
	uint32_t i;

	for (i = 0; i < from->n; i++)
		if (fwd_port_match_add(rs, to, from->ranges[i].lo,
				       from->ranges[i].hi))
			return FWD_ENOMEM;
	to->negate = from->negate;
	return 0;
}

static int copy_addrs(struct fwd_ruleset *rs, struct fwd_addr_match *to,
		      const struct fwd_addr_match *from)
{
	uint32_t i;

	for (i = 0; i < from->n; i++)
		if (fwd_addr_match_add(rs, to, &from->prefixes[i]))
			return FWD_ENOMEM;
	to->negate = from->negate;
	to->set_name = from->set_name;
	return 0;
}

/* "profile Private only", "profiles Domain,Private only". */
static const char *other_profile(struct fwd_ruleset *rs, unsigned bits)
{
	char buf[64];

	nsh_profiles_text(bits, buf, sizeof(buf));
	return fwd_sprintf(rs, "%s %s only", strchr(buf, ',') ? "profiles"
			   : "profile", buf);
}

static int add_rule(struct nsh_parse *p, int pid, struct prof_chains *pc,
		    const struct nsh_rule *r)
{
	struct fwd_ruleset *rs = p->rs;
	struct fwd_chain *c = r->dir == NSH_IN ? pc->in : pc->out;
	struct fwd_rule *fr = fwd_rule_add(rs, c);
	bool in = r->dir == NSH_IN;
	unsigned i;

	if (!fr)
		return FWD_ENOMEM;
	fr->families = r->families & c->families;
	if (r->proto >= 0 && fwd_proto_match_add(rs, &fr->proto,
						 (uint8_t)r->proto))
		return FWD_ENOMEM;
	/* The exposure's port P is the local port inbound, the remote
	 * port outbound; the other side's port is the source port. */
	if (copy_ports(rs, &fr->dport, in ? &r->lport : &r->rport) ||
	    copy_ports(rs, &fr->sport, in ? &r->rport : &r->lport) ||
	    copy_addrs(rs, &fr->saddr, in ? &r->raddr : &r->laddr) ||
	    copy_addrs(rs, &fr->daddr, in ? &r->laddr : &r->raddr))
		return FWD_ENOMEM;
	for (i = 0; i < r->n_opaque; i++)
		if (fwd_rule_add_opaque(rs, fr, r->opaque[i]))
			return FWD_ENOMEM;
	if (r->action == NSH_BYPASS &&
	    fwd_rule_add_opaque(rs, fr, "Action Bypass (authenticated IPsec "
				"peers only)"))
		return FWD_ENOMEM;
	fr->verdict = r->action == NSH_BLOCK ? FWD_VERDICT_DROP
					     : FWD_VERDICT_ACCEPT;
	fr->where = fwd_file_line(rs, p->source, r->line);
	fr->text = r->text;
	fr->comment = r->name;
	if (!fr->where)
		return FWD_ENOMEM;
	if (!r->enabled)
		fr->inactive = "disabled";
	else if (!(r->profiles & NSH_PROF_BIT(pid)) &&
		 !(fr->inactive = other_profile(rs, r->profiles)))
		return FWD_ENOMEM;
	return 0;
}

/* Bypass 0, block 1, allow 2, from the rendering we wrote. */
static int rule_class(const struct fwd_rule *r)
{
	if (r->text && !strncmp(r->text, "Bypass ", 7))
		return NSH_BYPASS;
	return r->verdict == FWD_VERDICT_DROP ? NSH_BLOCK : NSH_ALLOW;
}

/* Stable: bypass, block, allow; file order within each. */
static int order_chain(struct fwd_chain *c)
{
	struct fwd_rule **tmp;
	uint32_t i, n = 0;
	int k;

	if (c->n_rules < 2)
		return 0;
	if (!(tmp = malloc(c->n_rules * sizeof(*tmp))))
		return FWD_ENOMEM;
	for (k = NSH_BYPASS; k <= NSH_ALLOW; k++)
		for (i = 0; i < c->n_rules; i++)
			if (rule_class(c->rules[i]) == k)
				tmp[n++] = c->rules[i];
	memcpy(c->rules, tmp, n * sizeof(*tmp));
	free(tmp);
	return 0;
}

static bool is_profile_reason(const char *s)
{
	return s && (!strncmp(s, NSH_REASON_OFF, strlen(NSH_REASON_OFF)) ||
		     !strncmp(s, NSH_REASON_ALWAYS, strlen(NSH_REASON_ALWAYS)));
}

/* Reasons from the profile settings, recomputed after every read. */
static int profile_reasons(struct nsh_parse *p, int pid, struct prof_chains *pc)
{
	bool off = !pc->view->enabled;
	bool always = pc->in->where && strstr(pc->in->where, MARK_ALWAYS);
	const char *r_off = NULL, *r_always = NULL;
	struct fwd_chain *chains[2] = { pc->in, pc->out };
	uint32_t i;
	int k;

	if (off && !(r_off = fwd_sprintf(p->rs, NSH_REASON_OFF "%s",
					 nsh_profile_name(pid))))
		return FWD_ENOMEM;
	if (always && !(r_always = fwd_sprintf(p->rs, NSH_REASON_ALWAYS "%s",
					       nsh_profile_name(pid))))
		return FWD_ENOMEM;
	for (k = 0; k < 2; k++)
		for (i = 0; i < chains[k]->n_rules; i++) {
			struct fwd_rule *r = chains[k]->rules[i];

			if (is_profile_reason(r->inactive))
				r->inactive = NULL;
			if (r->inactive)
				continue;
			if (off)
				r->inactive = r_off;
			else if (always && k == 0 &&
				 r->verdict == FWD_VERDICT_ACCEPT)
				r->inactive = r_always;
		}
	return 0;
}

static void notes(struct nsh_parse *p, unsigned assumed)
{
	char buf[64];

	if (assumed)
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s: no profile settings for %s (neither 'netsh "
				 "advfirewall show allprofiles' nor the registry "
				 "profile keys); assumed the Windows defaults: "
				 "State ON, Firewall Policy BlockInbound,"
				 "AllowOutbound", p->source,
				 nsh_profiles_text(assumed, buf, sizeof(buf)));
	if (p->n_show_rule && p->n_rules && !p->verbose && !p->registry)
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s: 'show rule' without 'verbose' does not "
				 "show Program, Service, InterfaceTypes or "
				 "Security, so a rule limited to one program "
				 "looks open to all; export with 'netsh "
				 "advfirewall firewall show rule name=all "
				 "verbose'", p->source);
	if (p->n_unknown_keys)
		fwd_ruleset_note(p->rs, FWD_NOTE_WARNING,
				 "%s: %u registry rule key(s) unknown to fwdrift "
				 "were kept as unresolved conditions", p->source,
				 p->n_unknown_keys);
	if (p->policy_store)
		fwd_ruleset_note(p->rs, FWD_NOTE_INFO,
				 "%s: Group Policy firewall rules and profile "
				 "values were combined with the local ones",
				 p->source);
	if (p->legacy_charset)
		fwd_ruleset_note(p->rs, FWD_NOTE_INFO,
				 "%s: not UTF-8 or UTF-16; read as %s (non-ASCII "
				 "rule names may look wrong)", p->source,
				 p->legacy_charset);
	if (p->registry)
		fwd_ruleset_add_source(p->rs, "netsh: %s (reg export, %u rules)",
				       p->source, p->n_rules);
	if (p->n_show_rule)
		fwd_ruleset_add_source(p->rs, "netsh: %s (show rule%s, %u rules)",
				       p->source, p->verbose ? " verbose" : "",
				       p->n_rules);
	if (p->n_allprofiles)
		fwd_ruleset_add_source(p->rs, "netsh: %s (show allprofiles)",
				       p->source);
}

int nsh_build(struct nsh_parse *p, struct fwd_error *err)
{
	struct fwd_ruleset *rs = p->rs;
	unsigned assumed = 0, i;
	int pid, rc;

	for (pid = 0; pid < NSH_PROFILE_COUNT; pid++) {
		const char *vn = nsh_view_name(pid);
		struct prof_chains pc;

		pc.view = fwd_view_get(rs, vn);
		if (!pc.view)
			return FWD_ENOMEM;
		pc.in = fwd_chain_get(rs, pc.view, BACKEND, vn, "inbound",
				      FWD_FAM_ALL);
		pc.out = fwd_chain_get(rs, pc.view, BACKEND, vn, "outbound",
				       FWD_FAM_ALL);
		if (!pc.in || !pc.out)
			return FWD_ENOMEM;
		if (p->prof[pid].present) {
			if (pc.in->where && !strncmp(pc.in->where, ASSUMED,
						     strlen(ASSUMED)))
				fwd_ruleset_note(rs, FWD_NOTE_INFO,
						 "%s: %s profile settings replace "
						 "the defaults assumed before",
						 p->source, nsh_profile_name(pid));
			rc = apply_settings(p, pid, &pc, &p->prof[pid], false);
		} else if (!pc.in->base) {
			assumed |= NSH_PROF_BIT(pid);
			rc = apply_settings(p, pid, &pc, &p->prof[pid], true);
		} else {
			rc = 0;
		}
		for (i = 0; !rc && i < p->n_rules; i++)
			rc = add_rule(p, pid, &pc, &p->rules[i]);
		if (!rc)
			rc = order_chain(pc.in);
		if (!rc)
			rc = order_chain(pc.out);
		if (!rc)
			rc = profile_reasons(p, pid, &pc);
		if (rc)
			return rc;
		fwd_view_mark_read(pc.view, FWD_FAM_ALL);
	}
	notes(p, assumed);
	(void)err;
	return 0;
}
