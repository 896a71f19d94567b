/*
 * show_rule.c — the text netsh prints: `netsh advfirewall firewall show
 * rule name=all [verbose]` and `netsh advfirewall show allprofiles`, alone
 * or concatenated in any order, each output closed by "Ok.".
 *
 * A rule record is "Rule Name:", a line of dashes, then "Field: value"
 * lines up to a blank line; ICMP rules add an indented "Type Code" table.
 * Fields are collected first and interpreted when the record ends, so
 * their order does not matter and a record that stops early (no Action)
 * is caught as truncated. An unknown field name is an error: it means an
 * output this reader was not written for, and guessing would be worse.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netsh.h"

enum field {
	F_DESC, F_ENABLED, F_DIR, F_PROFILES, F_GROUPING, F_LOCALIP,
	F_REMOTEIP, F_PROTOCOL, F_LPORT, F_RPORT, F_EDGE, F_PROGRAM,
	F_SERVICE, F_IFTYPES, F_SECURITY, F_SOURCE, F_ACTION, F_RCOMPUTER,
	F_RUSER, F_COUNT
};

static const struct {
	const char *label;
	bool may_be_empty;
	bool verbose; /* only `verbose` prints it */
} fields[F_COUNT] = {
	[F_DESC] = { "Description", true, true },
	[F_ENABLED] = { "Enabled", false, false },
	[F_DIR] = { "Direction", false, false },
	[F_PROFILES] = { "Profiles", false, false },
	[F_GROUPING] = { "Grouping", true, false },
	[F_LOCALIP] = { "LocalIP", false, false },
	[F_REMOTEIP] = { "RemoteIP", false, false },
	[F_PROTOCOL] = { "Protocol", false, false },
	[F_LPORT] = { "LocalPort", false, false },
	[F_RPORT] = { "RemotePort", false, false },
	[F_EDGE] = { "Edge traversal", false, false },
	[F_PROGRAM] = { "Program", false, true },
	[F_SERVICE] = { "Service", false, true },
	[F_IFTYPES] = { "InterfaceTypes", false, true },
	[F_SECURITY] = { "Security", false, true },
	[F_SOURCE] = { "Rule source", true, true },
	[F_ACTION] = { "Action", false, false },
	[F_RCOMPUTER] = { "RemoteComputerGroup", true, true },
	[F_RUSER] = { "RemoteUserGroup", true, true },
};

static const enum field required[] = {
	F_ENABLED, F_DIR, F_PROFILES, F_LOCALIP, F_REMOTEIP, F_PROTOCOL,
	F_ACTION,
};

/* One record being read. */
struct record {
	const char *name;
	int line;
	const char *val[F_COUNT];
	int vline[F_COUNT];
	char icmp[512];      /* "8:Any,0:Any" from the Type/Code table */
	int icmp_line;
	bool icmp_header;
	enum field last;
	bool any;            /* a field was seen */
};

enum state { ST_TOP, ST_RULE_SEP, ST_RULE, ST_PROF_SEP, ST_PROF };

struct reader {
	struct nsh_parse *p;
	struct fwd_error *err;
	enum state st;
	bool open;              /* inside an output that needs its "Ok." */
	struct record rec;
	struct nsh_profile prof;
	int prof_id;
	int prof_line;
};

static int fail(struct reader *rd, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *rd, int line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = fwd_error_setv(rd->err, FWD_EINVAL, rd->p->source, line, 0, fmt,
			    ap);
	va_end(ap);
	return rc;
}

static int fail_why(struct reader *rd, int line, const char *why)
{
	if (!rd->rec.name)
		return fwd_error_set(rd->err, FWD_EINVAL, rd->p->source, line,
				     0, "%s", why);
	return fwd_error_set(rd->err, FWD_EINVAL, rd->p->source, line, 0,
			     "rule '%s': %s", rd->rec.name, why);
}

static bool is_separator(const char *s)
{
	size_t n = strspn(s, "-");

	return n >= 10 && s[n] == '\0';
}

static int parse_profiles(const char *v, unsigned *bits)
{
	char buf[128], *tok, *save = NULL;

	*bits = 0;
	if (snprintf(buf, sizeof(buf), "%s", v) >= (int)sizeof(buf))
		return -1;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok = nsh_trim(tok);
		if (nsh_ieq(tok, "Domain"))
			*bits |= NSH_PROF_BIT(NSH_DOMAIN);
		else if (nsh_ieq(tok, "Private"))
			*bits |= NSH_PROF_BIT(NSH_PRIVATE);
		else if (nsh_ieq(tok, "Public"))
			*bits |= NSH_PROF_BIT(NSH_PUBLIC);
		else if (nsh_ieq(tok, "Any") || nsh_ieq(tok, "All"))
			*bits |= NSH_PROF_ALL;
		else
			return -1;
	}
	return *bits ? 0 : -1;
}

/* Value or NULL when it is the default that restricts nothing. */
static const char *restricting(const char *v, const char *dflt)
{
	return v && *v && !nsh_ieq(v, dflt) ? v : NULL;
}

/* Turn a finished record into a rule. line: where the record ended. */
static int finish_rule(struct reader *rd, int line)
{
	struct record *c = &rd->rec;
	struct nsh_parse *p = rd->p;
	struct nsh_raw w = { 0 };
	struct nsh_rule *r;
	char why[512];
	const char *v;
	size_t i;
	int rc;

	if (!c->name)
		return 0;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!c->val[required[i]])
			return fwd_error_set(rd->err, FWD_EINVAL, p->source, line,
					     0, "rule '%s' (line %d) ends without "
					     "'%s:' (truncated output?)", c->name,
					     c->line, fields[required[i]].label);
	if (!(r = nsh_rule_new(p)))
		return FWD_ENOMEM;
	r->name = c->name;
	r->line = c->line;
	w.name = c->name;

	v = c->val[F_ENABLED];
	if (!nsh_ieq(v, "Yes") && !nsh_ieq(v, "No"))
		return fail(rd, c->vline[F_ENABLED], "Enabled: bad value '%s' "
			    "(expected Yes or No)", v);
	r->enabled = nsh_ieq(v, "Yes");
	w.disabled = !r->enabled;

	v = c->val[F_DIR];
	if (!nsh_ieq(v, "In") && !nsh_ieq(v, "Out"))
		return fail(rd, c->vline[F_DIR], "Direction: bad value '%s' "
			    "(expected In or Out)", v);
	r->dir = nsh_ieq(v, "In") ? NSH_IN : NSH_OUT;
	w.dir = r->dir == NSH_IN ? "In" : "Out";

	v = c->val[F_ACTION];
	if (nsh_ieq(v, "Allow"))
		r->action = NSH_ALLOW, w.action = "Allow";
	else if (nsh_ieq(v, "Block"))
		r->action = NSH_BLOCK, w.action = "Block";
	else if (nsh_ieq(v, "Bypass"))
		r->action = NSH_BYPASS, w.action = "Bypass";
	else
		return fail(rd, c->vline[F_ACTION], "Action: bad value '%s' "
			    "(expected Allow, Block or Bypass)", v);

	if (parse_profiles(c->val[F_PROFILES], &r->profiles))
		return fail(rd, c->vline[F_PROFILES], "Profiles: bad value '%s' "
			    "(expected a list of Domain, Private, Public)",
			    c->val[F_PROFILES]);
	w.profiles = r->profiles;

	if ((rc = nsh_proto_parse(r, c->val[F_PROTOCOL], why, sizeof(why))))
		return fail_why(rd, c->vline[F_PROTOCOL], why);
	w.proto = c->val[F_PROTOCOL];

#define SIDE(f, m, label, parse, out)                                        \
	if (c->val[f]) {                                                     \
		rc = parse(p, r, &r->m, label, c->val[f], why, sizeof(why)); \
		if (rc == FWD_EINVAL)                                        \
			return fail_why(rd, c->vline[f], why);               \
		if (rc)                                                      \
			return rc;                                           \
		w.out = restricting(c->val[f], "Any");                       \
	}
	SIDE(F_LPORT, lport, "LocalPort", nsh_ports_parse, lport)
	SIDE(F_RPORT, rport, "RemotePort", nsh_ports_parse, rport)
	SIDE(F_LOCALIP, laddr, "LocalIP", nsh_addrs_parse, lip)
	SIDE(F_REMOTEIP, raddr, "RemoteIP", nsh_addrs_parse, rip)
#undef SIDE

	if (c->icmp[0]) {
		w.icmp = fwd_strdup(p->rs, c->icmp);
		if (strcmp(c->icmp, "Any:Any") != 0 &&
		    nsh_rule_opaque(r, fwd_sprintf(p->rs, "%s Type:Code %s",
						   c->val[F_PROTOCOL], c->icmp)))
			return FWD_ENOMEM;
	}
	if ((w.program = restricting(c->val[F_PROGRAM], "Any")) &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "Program %s", w.program)))
		return FWD_ENOMEM;
	if ((w.service = restricting(c->val[F_SERVICE], "Any")) &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "Service %s", w.service)))
		return FWD_ENOMEM;
	if ((w.iftypes = restricting(c->val[F_IFTYPES], "Any")) &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "InterfaceTypes %s",
					   w.iftypes)))
		return FWD_ENOMEM;
	/* IPsec requirements narrow what an allow admits; a block rule
	 * cannot carry them. */
	if ((w.security = restricting(c->val[F_SECURITY], "NotRequired")) &&
	    r->action != NSH_BLOCK &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "Security %s", w.security)))
		return FWD_ENOMEM;
	if ((v = restricting(c->val[F_RCOMPUTER], "Any")) &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "RemoteComputerGroup %s", v)))
		return FWD_ENOMEM;
	if ((v = restricting(c->val[F_RUSER], "Any")) &&
	    nsh_rule_opaque(r, fwd_sprintf(p->rs, "RemoteUserGroup %s", v)))
		return FWD_ENOMEM;
	/* Edge traversal widens an allow to traffic through NAT edges; it
	 * never narrows what a local peer may do. */
	w.edge = restricting(c->val[F_EDGE], "No");
	for (i = 0; i < F_COUNT; i++)
		if (c->val[i] && fields[i].verbose && i != F_RCOMPUTER &&
		    i != F_RUSER)
			p->verbose = true;
	if (!(r->text = nsh_render(p->rs, &w)))
		return FWD_ENOMEM;
	memset(c, 0, sizeof(*c));
	return 0;
}

static int finish_profile(struct reader *rd, int line)
{
	char why[256];

	if (rd->prof_id < 0)
		return 0;
	if (nsh_profile_check(&rd->prof, why, sizeof(why)))
		return fwd_error_set(rd->err, FWD_EINVAL, rd->p->source, line, 0,
				     "%s Profile Settings (line %d): %s",
				     nsh_profile_name(rd->prof_id),
				     rd->prof_line, why);
	rd->prof.present = true;
	rd->prof.line = rd->prof_line;
	rd->p->prof[rd->prof_id] = rd->prof;
	rd->prof_id = -1;
	return 0;
}

static int finish(struct reader *rd, int line)
{
	int rc = 0;

	if (rd->st == ST_RULE_SEP || rd->st == ST_PROF_SEP)
		return fwd_error_set(rd->err, FWD_EINVAL, rd->p->source, line, 0,
				     "expected the line of dashes under the "
				     "header (truncated output?)");
	if (rd->st == ST_RULE)
		rc = finish_rule(rd, line);
	else if (rd->st == ST_PROF)
		rc = finish_profile(rd, line);
	rd->st = ST_TOP;
	return rc;
}

/* Indented lines: the ICMP Type/Code table, or a wrapped description. */
static int rule_cont(struct reader *rd, int line, char *s)
{
	struct record *c = &rd->rec;
	char type[32], code[32], extra[2];
	size_t n;

	if (c->last == F_PROTOCOL && c->val[F_PROTOCOL] &&
	    nsh_iprefix(c->val[F_PROTOCOL], "ICMP")) {
		if (!c->icmp_header) {
			if (sscanf(s, "%31s %31s %1s", type, code, extra) != 2 ||
			    strcmp(type, "Type") || strcmp(code, "Code"))
				return fail(rd, line, "expected the ICMP 'Type  "
					    "Code' header under Protocol, not "
					    "'%.60s'", s);
			c->icmp_header = true;
			return 0;
		}
		if (sscanf(s, "%31s %31s %1s", type, code, extra) != 2)
			return fail(rd, line, "expected an ICMP 'Type  Code' row, "
				    "not '%.60s'", s);
		n = strlen(c->icmp);
		snprintf(c->icmp + n, sizeof(c->icmp) - n, "%s%s:%s",
			 n ? "," : "", type, code);
		return 0;
	}
	if (c->last == F_DESC && c->val[F_DESC]) {
		c->val[F_DESC] = fwd_sprintf(rd->p->rs, "%s %s", c->val[F_DESC],
					     s);
		return c->val[F_DESC] ? 0 : FWD_ENOMEM;
	}
	return fail(rd, line, "unexpected indented line '%.60s'", s);
}

static int rule_field(struct reader *rd, int line, char *raw, char *s)
{
	struct record *c = &rd->rec;
	char *colon, *val;
	int i;

	if (raw[0] == ' ' || raw[0] == '\t')
		return rule_cont(rd, line, s);
	colon = strchr(s, ':');
	if (!colon)
		return fail(rd, line, "expected 'Field: value' in rule '%s', "
			    "not '%.60s'", c->name, s);
	*colon = '\0';
	val = nsh_trim(colon + 1);
	nsh_trim(s);
	for (i = 0; i < F_COUNT; i++)
		if (nsh_ieq(s, fields[i].label))
			break;
	if (i == F_COUNT)
		return fail(rd, line, "unknown field '%s:' in rule '%s' "
			    "(expected Enabled, Direction, Profiles, LocalIP, "
			    "RemoteIP, Protocol, LocalPort, RemotePort, Action, "
			    "...)", s, c->name);
	if (c->val[i])
		return fail(rd, line, "field '%s:' twice in rule '%s'", s,
			    c->name);
	if (!*val && !fields[i].may_be_empty)
		return fail(rd, line, "field '%s:' without a value in rule '%s'",
			    s, c->name);
	if (!(c->val[i] = fwd_strdup(rd->p->rs, val)))
		return FWD_ENOMEM;
	c->vline[i] = line;
	c->last = (enum field)i;
	return 0;
}

/* "Domain Profile Settings:" -> profile id, or -1. */
static int profile_header(const char *s)
{
	static const char *const names[NSH_PROFILE_COUNT] = {
		"Domain Profile Settings:", "Private Profile Settings:",
		"Public Profile Settings:",
	};
	int i;

	for (i = 0; i < NSH_PROFILE_COUNT; i++)
		if (nsh_ieq(s, names[i]))
			return i;
	return -1;
}

static int top_line(struct reader *rd, int line, char *raw, char *s)
{
	int rc, id;

	if (!strcmp(s, "Ok.") || !strcmp(s, "OK.")) {
		if ((rc = finish(rd, line)))
			return rc;
		rd->open = false;
		return 0;
	}
	if (!strcmp(s, "No rules match the specified criteria.")) {
		if ((rc = finish(rd, line)))
			return rc;
		rd->p->n_show_rule++;
		rd->open = false;
		return 0;
	}
	if (raw[0] != ' ' && raw[0] != '\t' && nsh_iprefix(s, "Rule Name:")) {
		if ((rc = finish(rd, line)))
			return rc;
		if (!rd->open)
			rd->p->n_show_rule++;
		rd->open = true;
		memset(&rd->rec, 0, sizeof(rd->rec));
		rd->rec.name = fwd_strdup(rd->p->rs, nsh_trim(s + 10));
		if (!rd->rec.name)
			return FWD_ENOMEM;
		if (!*rd->rec.name)
			return fail(rd, line, "'Rule Name:' without a name");
		rd->rec.line = line;
		rd->st = ST_RULE_SEP;
		return 0;
	}
	if ((id = profile_header(s)) >= 0) {
		if ((rc = finish(rd, line)))
			return rc;
		if (!rd->open)
			rd->p->n_allprofiles++;
		rd->open = true;
		memset(&rd->prof, 0, sizeof(rd->prof));
		rd->prof.state = NSH_STATE_UNSET;
		rd->prof.in = NSH_IN_UNSET;
		rd->prof.out = NSH_OUT_UNSET;
		rd->prof_id = id;
		rd->prof_line = line;
		rd->st = ST_PROF_SEP;
		return 0;
	}
	return 1; /* not a top-level line */
}

static int one_line(struct reader *rd, int line, char *raw)
{
	char why[512];
	char *s = nsh_trim(raw);
	int rc;

	if (rd->st == ST_RULE_SEP || rd->st == ST_PROF_SEP) {
		if (!is_separator(s))
			return fail(rd, line, "expected the line of dashes under "
				    "the header, not '%.60s'", s);
		rd->st = rd->st == ST_RULE_SEP ? ST_RULE : ST_PROF;
		return 0;
	}
	if (!*s) {
		/* A blank line ends a rule record; profile blocks have
		 * blank lines inside (before Logging:). */
		return rd->st == ST_RULE ? finish(rd, line) : 0;
	}
	if ((rc = top_line(rd, line, raw, s)) <= 0)
		return rc;
	switch (rd->st) {
	case ST_RULE:
		return rule_field(rd, line, raw, s);
	case ST_PROF:
		if (!strcmp(s, "Logging:"))
			return 0;
		if (nsh_profile_line(&rd->prof, s, why, sizeof(why)))
			return fwd_error_set(rd->err, FWD_EINVAL, rd->p->source,
					     line, 0, "%s", why);
		return 0;
	default:
		return fail(rd, line, "expected 'Rule Name:', 'Domain Profile "
			    "Settings:' (or Private, Public) or 'Ok.', not "
			    "'%.60s'", s);
	}
}

int nsh_parse_netsh(struct nsh_parse *p, struct nsh_text *t,
		    struct fwd_error *err)
{
	struct reader rd = { .p = p, .err = err, .prof_id = -1 };
	struct nsh_lines l;
	char *line;
	int rc;

	nsh_lines_init(&l, t);
	while ((line = nsh_lines_next(&l)))
		if ((rc = one_line(&rd, l.lineno, line)))
			return rc;
	if ((rc = finish(&rd, l.lineno ? l.lineno : 1)))
		return rc;
	if (rd.open)
		return fwd_error_set(err, FWD_EINVAL, p->source, l.lineno, 0,
				     "the output ends without netsh's closing "
				     "'Ok.': the export looks truncated");
	if (!p->n_show_rule && !p->n_allprofiles)
		return fwd_error_set(err, FWD_EINVAL, p->source, 1, 0,
				     "no netsh output found: expected 'netsh "
				     "advfirewall firewall show rule name=all' "
				     "or 'netsh advfirewall show allprofiles'");
	return 0;
}
