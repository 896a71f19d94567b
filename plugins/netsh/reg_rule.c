/*
 * reg_rule.c — one registry firewall rule string:
 *   v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|
 *   LPort=3741|App=...|Name=...|Desc=...|EmbedCtxt=...|
 * Keys may repeat (Profile, LPort, RA4, ...); a list key's values are a
 * union, like netsh's comma lists, and go through the same parsers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"

enum rk {
	RK_ACTION, RK_ACTIVE, RK_DIR, RK_PROTOCOL, RK_PROFILE, RK_LPORT,
	RK_RPORT, RK_LA, RK_RA, RK_APP, RK_SVC, RK_NAME, RK_INFO, RK_EDGE,
	RK_DEFER, RK_IF, RK_IFTYPE, RK_ICMP4, RK_ICMP6, RK_SECURITY,
	RK_OPAQUE, RK_COUNT
};

static const struct {
	const char *key;
	enum rk kind;
} keys[] = {
	{ "Action", RK_ACTION }, { "Active", RK_ACTIVE }, { "Dir", RK_DIR },
	{ "Protocol", RK_PROTOCOL }, { "Profile", RK_PROFILE },
	{ "LPort", RK_LPORT }, { "LPort2_10", RK_LPORT },
	{ "LPort2_20", RK_LPORT }, { "LPort2_24", RK_LPORT },
	{ "RPort", RK_RPORT }, { "RPort2_10", RK_RPORT },
	{ "RPort2_24", RK_RPORT },
	{ "LA4", RK_LA }, { "LA6", RK_LA },
	{ "RA4", RK_RA }, { "RA6", RK_RA }, { "RA42", RK_RA }, { "RA62", RK_RA },
	{ "App", RK_APP }, { "Svc", RK_SVC }, { "Name", RK_NAME },
	{ "Desc", RK_INFO }, { "EmbedCtxt", RK_INFO }, { "Platform", RK_INFO },
	{ "Platform2", RK_INFO }, { "PCross", RK_INFO }, { "LOM", RK_INFO },
	{ "LSM", RK_INFO }, { "SkipVer", RK_INFO },
	{ "Edge", RK_EDGE }, { "Defer", RK_DEFER },
	{ "IF", RK_IF }, { "IFType", RK_IFTYPE },
	{ "ICMP4", RK_ICMP4 }, { "ICMP6", RK_ICMP6 },
	{ "Security", RK_SECURITY }, { "Security2", RK_SECURITY },
	{ "Security2_9", RK_SECURITY },
	/* Who may connect or own the socket, and similar conditions. */
	{ "RMauth", RK_OPAQUE }, { "RUAuth", RK_OPAQUE },
	{ "LUAuth", RK_OPAQUE }, { "LUOwn", RK_OPAQUE },
	{ "AppPkgId", RK_OPAQUE }, { "TTK", RK_OPAQUE },
	{ "TTK2_22", RK_OPAQUE }, { "TTK2_27", RK_OPAQUE },
	{ "TTK2_28", RK_OPAQUE }, { "NNm", RK_OPAQUE },
	{ "SecurityRealmId", RK_OPAQUE }, { "PolicyAppId", RK_OPAQUE },
};

/* Comma-joined values of the repeatable keys, for the list parsers. */
struct joined {
	char s[4096];
};

/* Append v unless the list has it already (RA4=LocalSubnet and
 * RA6=LocalSubnet are one keyword). */
static void join(struct joined *j, const char *v)
{
	size_t n = strlen(j->s), k = strlen(v);
	const char *s;

	/* An empty value adds nothing; strstr() would match it at every
	 * position, and the scan below ran past the end of the list. */
	if (!k)
		return;
	for (s = j->s; (s = strstr(s, v)); s++)
		if ((s == j->s || s[-1] == ',') && (s[k] == ',' || !s[k]))
			return;
	snprintf(j->s + n, sizeof(j->s) - n, "%s%s", n ? "," : "", v);
}

struct rctx {
	struct nsh_parse *p;
	struct fwd_error *err;
	int line;
	const char *id;
};

static int bad(struct rctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct rctx *c, const char *fmt, ...)
{
	char text[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return fwd_error_set(c->err, FWD_EINVAL, c->p->source, c->line, 0,
			     "rule %s: %s", c->id, text);
}

static bool version_ok(const char *s, const char **rest)
{
	const char *q = s;

	if (*q++ != 'v' || !(*q >= '0' && *q <= '9'))
		return false;
	while (*q >= '0' && *q <= '9')
		q++;
	if (*q++ != '.' || !(*q >= '0' && *q <= '9'))
		return false;
	while (*q >= '0' && *q <= '9')
		q++;
	if (*q != '|')
		return false;
	*rest = q + 1;
	return true;
}

static const char *proto_display(struct fwd_ruleset *rs, int proto)
{
	switch (proto) {
	case -1: return NULL;
	case 6: return "TCP";
	case 17: return "UDP";
	case 1: return "ICMPv4";
	case 58: return "ICMPv6";
	default: return fwd_sprintf(rs, "%d", proto);
	}
}

/* The collected fields of one string. */
struct fields {
	const char *val[RK_COUNT];   /* single-valued keys */
	struct joined lport, rport, la, ra, ifs, iftypes, icmp4, icmp6, extra;
	unsigned profiles;
	bool any_profile;
};

static int collect(struct rctx *c, struct nsh_rule *r, struct fields *f,
		   char *key, char *v)
{
	size_t i;
	const char *o = NULL;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (nsh_ieq(key, keys[i].key))
			break;
	if (i == sizeof(keys) / sizeof(keys[0])) {
		/* A newer grammar than ours: keep it as a condition. */
		c->p->n_unknown_keys++;
		join(&f->extra, fwd_sprintf(c->p->rs, "%s=%s", key, v));
		return nsh_rule_opaque(r, fwd_sprintf(c->p->rs, "%s=%s (registry "
					"key unknown to fwdrift)", key, v));
	}
	switch (keys[i].kind) {
	case RK_PROFILE:
		f->any_profile = true;
		if (nsh_ieq(v, "Domain"))
			f->profiles |= NSH_PROF_BIT(NSH_DOMAIN);
		else if (nsh_ieq(v, "Private"))
			f->profiles |= NSH_PROF_BIT(NSH_PRIVATE);
		else if (nsh_ieq(v, "Public"))
			f->profiles |= NSH_PROF_BIT(NSH_PUBLIC);
		else
			return bad(c, "Profile=%s (expected Domain, Private or "
				   "Public)", v);
		return 0;
	case RK_LPORT: join(&f->lport, v); return 0;
	case RK_RPORT: join(&f->rport, v); return 0;
	case RK_LA: join(&f->la, v); return 0;
	case RK_RA: join(&f->ra, v); return 0;
	case RK_IF: join(&f->ifs, v); return 0;
	case RK_IFTYPE: join(&f->iftypes, v); return 0;
	case RK_ICMP4: join(&f->icmp4, v); return 0;
	case RK_ICMP6: join(&f->icmp6, v); return 0;
	case RK_OPAQUE:
		join(&f->extra, fwd_sprintf(c->p->rs, "%s=%s", key, v));
		o = fwd_sprintf(c->p->rs, "%s %s", keys[i].key, v);
		return nsh_rule_opaque(r, o);
	case RK_INFO:
		return 0;
	default:
		if (f->val[keys[i].kind])
			return bad(c, "%s= given twice", keys[i].key);
		f->val[keys[i].kind] = fwd_strdup(c->p->rs, v);
		return f->val[keys[i].kind] ? 0 : FWD_ENOMEM;
	}
}

static int side(struct rctx *c, struct nsh_rule *r, struct fwd_port_match *pm,
		struct fwd_addr_match *am, const char *label, const char *v)
{
	char why[512];
	int rc;

	if (!*v)
		return 0;
	rc = pm ? nsh_ports_parse(c->p, r, pm, label, v, why, sizeof(why))
		: nsh_addrs_parse(c->p, r, am, label, v, why, sizeof(why));
	if (rc == FWD_EINVAL)
		return bad(c, "%s", why);
	return rc;
}

static int interpret(struct rctx *c, struct nsh_rule *r, struct fields *f)
{
	struct nsh_raw w = { 0 };
	const char *v;
	char why[256];
	int rc;

	if (!(v = f->val[RK_ACTION]))
		return bad(c, "no Action= (expected Allow, Block or ByPass)");
	if (nsh_ieq(v, "Allow"))
		r->action = NSH_ALLOW, w.action = "Allow";
	else if (nsh_ieq(v, "Block"))
		r->action = NSH_BLOCK, w.action = "Block";
	else if (nsh_ieq(v, "ByPass"))
		r->action = NSH_BYPASS, w.action = "Bypass";
	else
		return bad(c, "Action=%s (expected Allow, Block or ByPass)", v);
	if (!(v = f->val[RK_ACTIVE]) || (!nsh_ieq(v, "TRUE") && !nsh_ieq(v, "FALSE")))
		return bad(c, "Active=%s (expected TRUE or FALSE)", v ? v : "");
	r->enabled = nsh_ieq(v, "TRUE");
	w.disabled = !r->enabled;
	if (!(v = f->val[RK_DIR]) || (!nsh_ieq(v, "In") && !nsh_ieq(v, "Out")))
		return bad(c, "Dir=%s (expected In or Out)", v ? v : "");
	r->dir = nsh_ieq(v, "In") ? NSH_IN : NSH_OUT;
	w.dir = r->dir == NSH_IN ? "In" : "Out";
	if ((v = f->val[RK_PROTOCOL]) && nsh_proto_parse(r, v, why, sizeof(why)))
		return bad(c, "%s", why);
	w.proto = proto_display(c->p->rs, r->proto);
	r->profiles = f->any_profile ? f->profiles : NSH_PROF_ALL;
	w.profiles = r->profiles;

	if ((rc = side(c, r, &r->lport, NULL, "LocalPort", f->lport.s)) ||
	    (rc = side(c, r, &r->rport, NULL, "RemotePort", f->rport.s)) ||
	    (rc = side(c, r, NULL, &r->laddr, "LocalIP", f->la.s)) ||
	    (rc = side(c, r, NULL, &r->raddr, "RemoteIP", f->ra.s)))
		return rc;
#define STR(s) (*(s) ? fwd_strdup(c->p->rs, (s)) : NULL)
	w.lport = STR(f->lport.s);
	w.rport = STR(f->rport.s);
	w.lip = STR(f->la.s);
	w.rip = STR(f->ra.s);
	w.iftypes = STR(f->iftypes.s);
	w.extra = STR(f->extra.s);
	w.icmp = *f->icmp4.s ? STR(f->icmp4.s) : STR(f->icmp6.s);
#undef STR
	/* Each restriction by its Windows name. */
#define OPQ(cond, ...)                                                     \
	if ((cond) &&                                                      \
	    nsh_rule_opaque(r, fwd_sprintf(c->p->rs, __VA_ARGS__)))         \
		return FWD_ENOMEM
	OPQ((w.program = f->val[RK_APP]), "Program %s", w.program);
	OPQ((w.service = f->val[RK_SVC]), "Service %s", w.service);
	OPQ(*f->ifs.s, "Interface %s", f->ifs.s);
	OPQ(w.iftypes, "InterfaceTypes %s", w.iftypes);
	OPQ(*f->icmp4.s && strcmp(f->icmp4.s, "*:*"), "ICMPv4 Type:Code %s",
	    f->icmp4.s);
	OPQ(*f->icmp6.s && strcmp(f->icmp6.s, "*:*"), "ICMPv6 Type:Code %s",
	    f->icmp6.s);
	OPQ((w.security = f->val[RK_SECURITY]) && r->action != NSH_BLOCK,
	    "Security %s", w.security);
#undef OPQ
	if ((v = f->val[RK_EDGE]) && nsh_ieq(v, "TRUE"))
		w.edge = "Yes";
	if ((v = f->val[RK_DEFER]))
		w.edge = nsh_ieq(v, "User") ? "DeferUser" : "DeferApp";
	/* "@FirewallAPI.dll,-29503" is a resource only Windows can resolve;
	 * the value name (RemoteSvcAdmin-In-TCP) is as stable and readable. */
	v = f->val[RK_NAME];
	r->name = v && *v && *v != '@' ? v : c->id;
	w.name = r->name;
	return (r->text = nsh_render(c->p->rs, &w)) ? 0 : FWD_ENOMEM;
}

int nsh_reg_rule(struct nsh_parse *p, const char *id, const char *s,
		 int line, struct fwd_error *err)
{
	struct rctx c = { .p = p, .err = err, .line = line, .id = id };
	struct fields *f;
	struct nsh_rule *r;
	const char *rest;
	char *copy, *field, *save = NULL;
	size_t n = strlen(s);
	int rc = 0;

	if (!version_ok(s, &rest))
		return bad(&c, "expected a rule string 'v2.NN|Key=Value|...|', "
			   "not '%.40s'", s);
	if (s[n - 1] != '|')
		return bad(&c, "the rule string does not end with '|' "
			   "(truncated export?)");
	if (strstr(rest, "||"))
		return bad(&c, "empty field '||' in the rule string");
	if (!(r = nsh_rule_new(p)))
		return FWD_ENOMEM;
	r->id = fwd_strdup(p->rs, id);
	r->line = line;
	if (r->id)
		c.id = r->id; /* id is the caller's buffer, freed after us */
	f = calloc(1, sizeof(*f));
	copy = strdup(rest);
	if (!f || !copy || !r->id) {
		rc = FWD_ENOMEM;
		goto out;
	}
	for (field = strtok_r(copy, "|", &save); field && !rc;
	     field = strtok_r(NULL, "|", &save)) {
		char *eq = strchr(field, '=');

		if (!eq || eq == field) {
			rc = bad(&c, "expected Key=Value, not '%.60s'", field);
			break;
		}
		*eq = '\0';
		rc = collect(&c, r, f, field, eq + 1);
		if (rc == FWD_EINVAL && (!err || !err->code))
			rc = bad(&c, "too many conditions");
	}
	if (!rc)
		rc = interpret(&c, r, f);
out:
	free(copy);
	free(f);
	return rc;
}
