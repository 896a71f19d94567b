/*
 * registry.c — a `reg export` of the FirewallPolicy key: the .reg syntax
 * (keys, "name"=value lines, escapes, `\` continuations) and the values
 * that matter: the rule strings under FirewallRules and the profile
 * switches under DomainProfile, StandardProfile (= Private), PublicProfile.
 *
 * Registry rule strings are the same on every Windows display language,
 * which is why this form is the exact way to audit a non-English host.
 * The grammar grows with Windows versions (v2.10 ... v2.33), so a key we
 * do not know is kept as a restriction by name, never dropped: the rule
 * then matches "only some packets" in the report instead of too many.
 * Keys under SOFTWARE\Policies (Group Policy) override the local ones.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"

/* One profile key of one store; -1: value not set. */
struct reg_profile {
	bool seen;
	int line;
	int enable, in_block, out_block, always;
};

enum key_kind { K_OTHER, K_RULES, K_PROFILE };

struct regctx {
	struct nsh_parse *p;
	struct fwd_error *err;
	enum key_kind kind;
	int store;                 /* 0 local, 1 Group Policy */
	int prof_id;
	struct reg_profile prof[2][NSH_PROFILE_COUNT];
};

static int fail(struct regctx *c, int line, const char *what, const char *s)
{
	return fwd_error_set(c->err, FWD_EINVAL, c->p->source, line, 0,
			     "%s, not '%.60s'", what, s);
}

static const char *last_component(const char *path)
{
	const char *b = strrchr(path, '\\');

	return b ? b + 1 : path;
}

static bool contains_ci(const char *s, const char *needle)
{
	for (; *s; s++)
		if (nsh_iprefix(s, needle))
			return true;
	return false;
}

static int key_line(struct regctx *c, int line, char *s)
{
	size_t n = strlen(s);
	const char *last;

	if (n < 3 || s[n - 1] != ']')
		return fail(c, line, "expected a key line '[HKEY_...]'", s);
	s[n - 1] = '\0';
	s++;
	c->kind = K_OTHER;
	if (*s == '-')
		return 0; /* a deletion: not in exports, harmless */
	c->store = contains_ci(s, "\\Policies\\") ? 1 : 0;
	last = last_component(s);
	if (nsh_ieq(last, "FirewallRules") &&
	    !contains_ci(s, "\\RestrictedServices\\")) {
		c->kind = K_RULES;
		if (c->store)
			c->p->policy_store = true;
		return 0;
	}
	if (nsh_ieq(last, "DomainProfile"))
		c->prof_id = NSH_DOMAIN;
	else if (nsh_ieq(last, "StandardProfile") ||
		 nsh_ieq(last, "PrivateProfile"))
		c->prof_id = NSH_PRIVATE;
	else if (nsh_ieq(last, "PublicProfile"))
		c->prof_id = NSH_PUBLIC;
	else
		return 0;
	c->kind = K_PROFILE;
	if (c->store)
		c->p->policy_store = true;
	c->prof[c->store][c->prof_id].seen = true;
	c->prof[c->store][c->prof_id].line = line;
	return 0;
}

struct buf {
	char *s;
	size_t len, cap;
};

static int buf_put(struct buf *b, char ch)
{
	if (b->len + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		char *n = realloc(b->s, cap);

		if (!n)
			return FWD_ENOMEM;
		b->s = n;
		b->cap = cap;
	}
	b->s[b->len++] = ch;
	b->s[b->len] = '\0';
	return 0;
}

/*
 * A quoted .reg string at *sp, unescaped into out. A `\` at the end of a
 * line continues the string on the next line (leading blanks dropped).
 * *sp is left after the closing quote.
 */
static int reg_string(struct regctx *c, struct nsh_lines *l, int line,
		      char **sp, struct buf *out)
{
	char *s = *sp + 1; /* after the opening quote */

	for (;;) {
		if (*s == '"') {
			*sp = s + 1;
			return buf_put(out, '\0') ? FWD_ENOMEM
				: (out->len--, 0);
		}
		if (*s == '\0')
			return fwd_error_set(c->err, FWD_EINVAL, c->p->source,
					     line, 0, "unterminated string "
					     "(truncated export?)");
		if (*s == '\\') {
			if (s[1] == '\0') {
				if (!(s = nsh_lines_next(l)))
					return fwd_error_set(c->err, FWD_EINVAL,
						c->p->source, line, 0,
						"the export ends inside a "
						"continued string (truncated?)");
				while (*s == ' ' || *s == '\t')
					s++;
				continue;
			}
			s++;
		}
		if (buf_put(out, *s))
			return FWD_ENOMEM;
		s++;
	}
}

/* Skip a hex value, following its `\` continuations. */
static int reg_hex(struct regctx *c, struct nsh_lines *l, int line, char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == '\\') {
		if (!(s = nsh_lines_next(l)))
			return fwd_error_set(c->err, FWD_EINVAL, c->p->source,
					     line, 0, "the export ends inside a "
					     "continued hex value (truncated?)");
		n = strlen(s);
	}
	return 0;
}

static int profile_value(struct regctx *c, int line, const char *name,
			 const char *v)
{
	struct reg_profile *pr = &c->prof[c->store][c->prof_id];
	char *end;
	unsigned long d;

	if (!nsh_ieq(name, "EnableFirewall") &&
	    !nsh_ieq(name, "DefaultInboundAction") &&
	    !nsh_ieq(name, "DefaultOutboundAction") &&
	    !nsh_ieq(name, "DoNotAllowExceptions"))
		return 0;
	if (!nsh_iprefix(v, "dword:") || strlen(v + 6) != 8)
		return fail(c, line, "expected dword:XXXXXXXX for a profile "
			    "switch", v);
	d = strtoul(v + 6, &end, 16);
	if (*end)
		return fail(c, line, "expected dword:XXXXXXXX for a profile "
			    "switch", v);
	if (nsh_ieq(name, "EnableFirewall"))
		pr->enable = d != 0;
	else if (nsh_ieq(name, "DefaultInboundAction"))
		pr->in_block = d != 0;
	else if (nsh_ieq(name, "DefaultOutboundAction"))
		pr->out_block = d != 0;
	else
		pr->always = d != 0;
	return 0;
}

static int value_line(struct regctx *c, struct nsh_lines *l, int line,
		      char *s)
{
	struct buf name = { 0 }, val = { 0 };
	char *rest = s;
	int rc = 0;

	if (*s == '@') {
		rest = s + 1;
		rc = buf_put(&name, '@');
	} else {
		rc = reg_string(c, l, line, &rest, &name);
	}
	if (rc)
		goto out;
	if (*rest != '=') {
		rc = fail(c, line, "expected \"name\"=value", s);
		goto out;
	}
	rest++;
	if (*rest == '"') {
		if ((rc = reg_string(c, l, line, &rest, &val)))
			goto out;
		if (*nsh_trim(rest)) {
			rc = fail(c, line, "expected the end of the line after "
				  "the string", rest);
			goto out;
		}
		if (c->kind == K_RULES)
			rc = nsh_reg_rule(c->p, name.s, val.s, line, c->err);
		else if (c->kind == K_PROFILE)
			rc = profile_value(c, line, name.s, "string");
		goto out;
	}
	if (nsh_iprefix(rest, "hex")) {
		if ((rc = reg_hex(c, l, line, rest)))
			goto out;
		if (c->kind == K_PROFILE)
			rc = profile_value(c, line, name.s, rest);
		else if (c->kind == K_RULES)
			rc = fail(c, line, "expected a rule string under "
				  "FirewallRules", rest);
		goto out;
	}
	if (nsh_iprefix(rest, "dword:") || !strcmp(rest, "-")) {
		if (c->kind == K_PROFILE)
			rc = profile_value(c, line, name.s, rest);
		else if (c->kind == K_RULES && *rest != '-')
			rc = fail(c, line, "expected a rule string under "
				  "FirewallRules", rest);
		goto out;
	}
	rc = fail(c, line, "expected a value (\"string\", dword:, hex:)", rest);
out:
	free(name.s);
	free(val.s);
	return rc;
}

/* Combine the local and Group Policy layers into p->prof. */
static void merge_profiles(struct regctx *c)
{
	int i;

	for (i = 0; i < NSH_PROFILE_COUNT; i++) {
		const struct reg_profile *loc = &c->prof[0][i], *gp = &c->prof[1][i];
		struct nsh_profile *pr = &c->p->prof[i];
		int enable, in_block, out_block, always;

		if (!loc->seen && !gp->seen)
			continue;
#define PICK(f, dflt) (gp->f >= 0 ? gp->f : loc->f >= 0 ? loc->f : (dflt))
		enable = PICK(enable, 1);
		in_block = PICK(in_block, 1);
		out_block = PICK(out_block, 0);
		always = PICK(always, 0);
#undef PICK
		pr->present = true;
		pr->line = gp->seen ? gp->line : loc->line;
		pr->state = enable ? NSH_STATE_ON : NSH_STATE_OFF;
		pr->in = always ? NSH_IN_BLOCK_ALWAYS
			 : in_block ? NSH_IN_BLOCK : NSH_IN_ALLOW;
		pr->out = out_block ? NSH_OUT_BLOCK : NSH_OUT_ALLOW;
	}
}

int nsh_parse_registry(struct nsh_parse *p, struct nsh_text *t,
		       struct fwd_error *err)
{
	struct regctx c = { .p = p, .err = err };
	struct nsh_lines l;
	bool header = false;
	char *line;
	int rc, i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < NSH_PROFILE_COUNT; j++) {
			c.prof[i][j].enable = c.prof[i][j].in_block = -1;
			c.prof[i][j].out_block = c.prof[i][j].always = -1;
		}
	p->registry = true;
	nsh_lines_init(&l, t);
	while ((line = nsh_lines_next(&l))) {
		int ln = l.lineno;
		char *s = line;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == ';')
			continue;
		if (!header) {
			header = true; /* nsh_detect checked its text */
			continue;
		}
		if (*s == '[')
			rc = key_line(&c, ln, s);
		else if (*s == '"' || *s == '@')
			rc = value_line(&c, &l, ln, s);
		else
			rc = fail(&c, ln, "expected a key line '[HKEY_...]' or a "
				  "\"name\"=value line", s);
		if (rc)
			return rc;
	}
	merge_profiles(&c);
	return 0;
}
