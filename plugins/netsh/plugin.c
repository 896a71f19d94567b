/*
 * plugin.c — the netsh reader's entry point: Windows Firewall exports
 * read from files (netsh text or a registry export).
 *
 * There is no live reading: this runs on Linux and audits files taken from
 * Windows hosts. A read is decode -> detect -> parse -> build; the model is
 * only touched by the last step, after the whole file parsed. Several
 * files may be read into one ruleset (rules in one, profile settings in
 * another); whatever must survive between them lives in the model itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwdrift/reader.h>

#include "netsh.h"

static const char *const view_names[NSH_PROFILE_COUNT] = {
	"domain", "private", "public",
};
static const char *const profile_names[NSH_PROFILE_COUNT] = {
	"Domain", "Private", "Public",
};

const char *nsh_view_name(enum nsh_profile_id p)
{
	return view_names[p];
}

const char *nsh_profile_name(enum nsh_profile_id p)
{
	return profile_names[p];
}

const char *nsh_profiles_text(unsigned bits, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < NSH_PROFILE_COUNT; i++)
		if (bits & NSH_PROF_BIT(i))
			used += (size_t)snprintf(buf + used,
						 used < len ? len - used : 0,
						 "%s%s", used ? "," : "",
						 profile_names[i]);
	return buf;
}

void nsh_parse_init(struct nsh_parse *p, struct fwd_ruleset *rs,
		    const char *source)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->rs = rs;
	p->source = source;
	for (i = 0; i < NSH_PROFILE_COUNT; i++) {
		p->prof[i].state = NSH_STATE_UNSET;
		p->prof[i].in = NSH_IN_UNSET;
		p->prof[i].out = NSH_OUT_UNSET;
	}
}

void nsh_parse_free(struct nsh_parse *p)
{
	free(p->rules);
	p->rules = NULL;
	p->n_rules = p->cap_rules = 0;
}

struct nsh_rule *nsh_rule_new(struct nsh_parse *p)
{
	struct nsh_rule *r;

	if (p->n_rules == p->cap_rules) {
		unsigned cap = p->cap_rules ? p->cap_rules * 2 : 64;

		r = realloc(p->rules, cap * sizeof(*r));
		if (!r)
			return NULL;
		p->rules = r;
		p->cap_rules = cap;
	}
	r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof(*r));
	r->enabled = true;
	r->proto = -1;
	r->families = FWD_FAM_ALL;
	r->profiles = NSH_PROF_ALL;
	return r;
}

int nsh_rule_opaque(struct nsh_rule *r, const char *what)
{
	if (!what)
		return FWD_ENOMEM;
	if (r->n_opaque == NSH_MAX_OPAQUE)
		return FWD_EINVAL;
	r->opaque[r->n_opaque++] = what;
	return 0;
}

/* Append " key=value" to buf, quoting values with blanks. */
static void render_kv(char *buf, size_t len, const char *key, const char *v)
{
	size_t used = strlen(buf);

	if (!v || used >= len)
		return;
	snprintf(buf + used, len - used, strpbrk(v, " \t") ? " %s=\"%s\""
			 : " %s=%s", key, v);
}

const char *nsh_render(struct fwd_ruleset *rs, const struct nsh_raw *w)
{
	char buf[2048], prof[64];
	size_t used;

	snprintf(buf, sizeof(buf), "%s %s %s", w->action, w->dir,
		 w->proto ? w->proto : "Any");
	render_kv(buf, sizeof(buf), "LocalPort", w->lport);
	render_kv(buf, sizeof(buf), "RemotePort", w->rport);
	render_kv(buf, sizeof(buf), "LocalIP", w->lip);
	render_kv(buf, sizeof(buf), "RemoteIP", w->rip);
	render_kv(buf, sizeof(buf), "ICMP", w->icmp);
	render_kv(buf, sizeof(buf), "Program", w->program);
	render_kv(buf, sizeof(buf), "Service", w->service);
	render_kv(buf, sizeof(buf), "InterfaceTypes", w->iftypes);
	render_kv(buf, sizeof(buf), "Security", w->security);
	render_kv(buf, sizeof(buf), "Edge", w->edge);
	used = strlen(buf);
	if (w->extra && used < sizeof(buf))
		snprintf(buf + used, sizeof(buf) - used, " %s", w->extra);
	render_kv(buf, sizeof(buf), "Profiles",
		  nsh_profiles_text(w->profiles, prof, sizeof(prof)));
	if (w->disabled)
		render_kv(buf, sizeof(buf), "Enabled", "No");
	used = strlen(buf);
	if (used < sizeof(buf))
		snprintf(buf + used, sizeof(buf) - used, " \"%s\"", w->name);
	return fwd_strdup(rs, buf);
}

/* Look at no more of a file than this when probing. */
#define PROBE_MAX 65536

static int netsh_probe_data(const char *data, size_t len)
{
	enum nsh_form form;
	char *head = nsh_decode_head(data, len, PROBE_MAX);
	int score;

	if (!head)
		return 0;
	score = nsh_detect(head, &form);
	free(head);
	return score;
}

static int netsh_read_data(struct fwd_ruleset *rs, const char *name,
			   const char *data, size_t len,
			   const struct fwd_read_opts *opts,
			   struct fwd_error *err)
{
	struct nsh_parse p;
	struct nsh_text t;
	enum nsh_form form;
	int rc;

	(void)opts;
	if ((rc = nsh_decode(name, data, len, &t, err)))
		return rc;
	nsh_parse_init(&p, rs, fwd_strdup(rs, name));
	if (!p.source) {
		free(t.buf);
		return fwd_error_set(err, FWD_ENOMEM, name, 0, 0,
				     "out of memory");
	}
	p.legacy_charset = t.charset;
	rc = nsh_check_language(name, t.buf, err);
	if (!rc) {
		nsh_detect(t.buf, &form);
		if (form == NSH_FORM_REGISTRY)
			rc = nsh_parse_registry(&p, &t, err);
		else if (form == NSH_FORM_NETSH)
			rc = nsh_parse_netsh(&p, &t, err);
		else
			rc = fwd_error_set(err, FWD_EINVAL, name, 1, 0,
					   "not a Windows Firewall export: "
					   "expected the output of 'netsh "
					   "advfirewall firewall show rule "
					   "name=all', of 'netsh advfirewall "
					   "show allprofiles', or a 'reg export' "
					   "of the FirewallPolicy key");
	}
	if (!rc)
		rc = nsh_build(&p, err);
	if (rc == FWD_ENOMEM)
		fwd_error_set(err, FWD_ENOMEM, name, 0, 0, "out of memory");
	nsh_parse_free(&p);
	free(t.buf);
	return rc;
}

static const struct fwd_reader netsh_reader = {
	.abi = FWD_READER_ABI,
	.name = "netsh",
	.description = "Windows Firewall exports (netsh advfirewall text, "
		       "reg export of FirewallPolicy), per profile",
	.formats = "netsh advfirewall firewall show rule [verbose], netsh "
		   "advfirewall show allprofiles, reg export FirewallPolicy",
	.probe_data = netsh_probe_data,
	.probe_live = NULL,
	.read_live = NULL,
	.read_data = netsh_read_data,
};

FWD_READER_EXPORT const struct fwd_reader *fwd_reader_entry(void)
{
	return &netsh_reader;
}
