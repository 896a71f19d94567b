/*
 * compare_load.c — read a fwdrift-report/1 for `fwdrift compare` and
 * check every key the comparison reads, so that a wrong file is refused
 * with file:line:column and what was expected, instead of being compared
 * as if it said "nothing". Keys the comparison does not read are not
 * checked: reports of later versions may add keys (the schema allows
 * that), and consumers ignore what they do not know.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_priv.h"
#include "jsonpos.h"
#include "portset.h"

#define REPORT_SCHEMA "fwdrift-report/1"
/* Far beyond any real report; keeps a mistaken argument (a disk image,
 * /dev/zero) from eating memory. */
#define MAX_REPORT_BYTES (256u << 20)

struct chk {
	const char *path;
	const char *text;
	size_t len;
	struct jsonpos *pos; /* built on the first error only */
	struct fwd_error *err;
};

static int fail(struct chk *c, const char *jpath, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct chk *c, const char *jpath, const char *fmt, ...)
{
	int line = 0, col = 0;
	va_list ap;

	if (!c->pos)
		c->pos = jsonpos_index(c->text, c->len);
	jsonpos_lookup(c->pos, jpath, &line, &col);
	va_start(ap, fmt);
	fwd_error_setv(c->err, FWD_EINVAL, c->path, line, col, fmt, ap);
	va_end(ap);
	return FWD_EINVAL;
}

const char *cmp_str(const json_t *o, const char *key, const char *def)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : def;
}

/* key must be a string (when required, present). */
static int want_str(struct chk *c, const json_t *o, const char *opath,
		    const char *key, bool required, const char *what)
{
	json_t *v = json_object_get(o, key);
	char p[512];

	snprintf(p, sizeof(p), "%s%s%s", opath, *opath ? "." : "", key);
	if (!v && !required)
		return 0;
	if (!v)
		return fail(c, opath, "%s: missing key '%s' (expected a "
			    "string: every %s has one)", *opath ? opath
							       : "report",
			    key, what);
	if (!json_is_string(v))
		return fail(c, p, "%s: expected a string", p);
	return 0;
}

static int want_one_of(struct chk *c, const json_t *o, const char *opath,
		       const char *key, const char *const *allowed)
{
	const char *v = cmp_str(o, key, NULL);
	char p[512], list[256] = "";
	size_t used = 0;
	unsigned i;

	for (i = 0; allowed[i]; i++) {
		if (v && !strcmp(v, allowed[i]))
			return 0;
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%s", i ? ", " : "", allowed[i]);
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	snprintf(p, sizeof(p), "%s.%s", opath, key);
	return fail(c, p, "%s: '%s' is not one of %s", p, v ? v : "", list);
}

static int want_ports(struct chk *c, const json_t *o, const char *opath)
{
	struct portset s = PORTSET_INIT;
	size_t bad = 0;
	char p[512];
	int rc = portset_parse(&s, cmp_str(o, "ports", ""), &bad);

	portset_free(&s);
	if (rc == FWD_ENOMEM)
		return rc;
	snprintf(p, sizeof(p), "%s.ports", opath);
	if (rc)
		return fail(c, p, "%s: expected a port list like "
			    "\"22,8000-8010\" (bad at character %zu)", p,
			    bad + 1);
	return 0;
}

static int check_evidence(struct chk *c, const json_t *o, const char *opath)
{
	json_t *ev = json_object_get(o, "evidence"), *e;
	char p[512];
	size_t i;
	int rc;

	if (!ev)
		return 0;
	snprintf(p, sizeof(p), "%s.evidence", opath);
	if (!json_is_array(ev))
		return fail(c, p, "%s: expected an array of rules and policies",
			    p);
	json_array_foreach(ev, i, e) {
		snprintf(p, sizeof(p), "%s.evidence[%zu]", opath, i);
		if (!json_is_object(e))
			return fail(c, p, "%s: expected an object (a rule or a "
				    "policy)", p);
		/* A rule is named by its fingerprint, or by the hash of its
		 * chain and text when an older report lacks one. */
		if ((rc = want_str(c, e, p, "rule", false, "rule")) ||
		    (rc = want_str(c, e, p, "policy", false, "policy")) ||
		    (rc = want_str(c, e, p, "chain", true, "rule or policy")) ||
		    (rc = want_str(c, e, p, "where", false, "rule")) ||
		    (rc = want_str(c, e, p, "fingerprint", false, "rule")) ||
		    (rc = want_str(c, e, p, "role", false, "rule")))
			return rc;
		if (!json_object_get(e, "rule") &&
		    !json_object_get(e, "policy"))
			return fail(c, p, "%s: expected a 'rule' or a 'policy' "
				    "key", p);
	}
	return 0;
}

static const char *const statuses[] = { "compliant", "missing",
					"conflicting", NULL };
static const char *const directions[] = { "in", "out", NULL };
static const char *const labels[] = { "open", "restricted", NULL };

static int check_requirement(struct chk *c, json_t *seen, const json_t *r,
			     size_t i)
{
	static const char *const keys[] = { "id", "view", "direction",
					    "protocol", "ports", "status",
					    NULL };
	char p[64], key[512];
	unsigned k;
	int rc;

	snprintf(p, sizeof(p), "requirements[%zu]", i);
	if (!json_is_object(r))
		return fail(c, p, "%s: expected an object (a requirement)", p);
	for (k = 0; keys[k]; k++)
		if ((rc = want_str(c, r, p, keys[k], true, "requirement")))
			return rc;
	if ((rc = want_str(c, r, p, "conflict", false, "requirement")) ||
	    (rc = want_str(c, r, p, "severity", false, "requirement")) ||
	    (rc = want_str(c, r, p, "message", false, "requirement")) ||
	    (rc = want_str(c, r, p, "affected_ports", false, "requirement")) ||
	    (rc = want_one_of(c, r, p, "status", statuses)) ||
	    (rc = want_one_of(c, r, p, "direction", directions)) ||
	    (rc = check_evidence(c, r, p)))
		return rc;
	/* The pair is how the two reports' requirements are matched. */
	snprintf(key, sizeof(key), "%s [%s]", cmp_str(r, "id", ""),
		 cmp_str(r, "view", ""));
	if (json_object_get(seen, key))
		return fail(c, p, "%s: requirement %s appears twice", p, key);
	return json_object_set_new(seen, key, json_true()) ? FWD_ENOMEM : 0;
}

static int check_extra(struct chk *c, const json_t *e, size_t i)
{
	static const char *const keys[] = { "view", "family", "direction",
					    "protocol", "ports", "label",
					    NULL };
	char p[64];
	unsigned k;
	int rc;

	snprintf(p, sizeof(p), "extra[%zu]", i);
	if (!json_is_object(e))
		return fail(c, p, "%s: expected an object (an extra)", p);
	for (k = 0; keys[k]; k++)
		if ((rc = want_str(c, e, p, keys[k], true, "extra")))
			return rc;
	if ((rc = want_str(c, e, p, "kind", false, "extra")) ||
	    (rc = want_one_of(c, e, p, "label", labels)) ||
	    (rc = want_one_of(c, e, p, "direction", directions)) ||
	    (rc = want_ports(c, e, p)))
		return rc;
	return check_evidence(c, e, p);
}

static json_t *want_member(struct chk *c, const json_t *o, const char *key,
			   bool array, int *rc)
{
	json_t *v = json_object_get(o, key);

	if (v && (array ? json_is_array(v) : json_is_object(v)))
		return v;
	*rc = v ? fail(c, key, "'%s': expected %s", key,
		       array ? "an array" : "an object")
		: fail(c, "", "not a complete fwdrift report: missing key "
		       "'%s' (expected %s)", key, array ? "an array" :
		       "an object");
	return NULL;
}

static int check_root(struct chk *c, struct cmp_report *r)
{
	json_t *root = r->root, *sum, *bl, *seen, *item;
	const char *schema, *status;
	size_t i;
	int rc = 0;

	if (!json_is_object(root))
		return fail(c, "", "not a fwdrift report: expected a JSON "
			    "object with \"schema\": \"" REPORT_SCHEMA "\"");
	schema = cmp_str(root, "schema", NULL);
	if (!schema)
		return fail(c, "schema", "not a fwdrift report: expected "
			    "\"schema\": \"" REPORT_SCHEMA "\" (write one "
			    "with fwdrift --baseline NAME --format json)");
	if (strcmp(schema, REPORT_SCHEMA))
		return fail(c, "schema", "schema '%s' is not supported: "
			    "expected \"" REPORT_SCHEMA "\"%s", schema,
			    !strncmp(schema, "fwdrift-report/", 15)
				    ? " (a report of another fwdrift version)"
				    : " (compare reads audit reports)");
	if (!(sum = want_member(c, root, "summary", false, &rc)))
		return rc;
	status = cmp_str(sum, "status", NULL);
	if (status && !strcmp(status, "UNKNOWN"))
		return fail(c, "summary.status", "the audit of this report "
			    "failed (UNKNOWN: %s): there is nothing to compare",
			    cmp_str(root, "error", "no error given"));
	if (!(bl = want_member(c, root, "baseline", false, &rc)) ||
	    (rc = want_str(c, bl, "baseline", "name", true, "report's baseline")) ||
	    (rc = want_str(c, root, "", "host", false, "report")) ||
	    !(r->reqs = want_member(c, root, "requirements", true, &rc)) ||
	    !(r->extras = want_member(c, root, "extra", true, &rc)))
		return rc;
	r->baseline = cmp_str(bl, "name", "");
	r->host = cmp_str(root, "host", "");
	if (!(seen = json_object()))
		return FWD_ENOMEM;
	json_array_foreach(r->reqs, i, item)
		if ((rc = check_requirement(c, seen, item, i)))
			break;
	json_decref(seen);
	if (rc)
		return rc;
	json_array_foreach(r->extras, i, item)
		if ((rc = check_extra(c, item, i)))
			return rc;
	return 0;
}

/* The report at path ("-": standard input, named shown in errors). */
static int slurp(const char *path, const char *shown, char **text,
		 size_t *len, struct fwd_error *err)
{
	bool in = !strcmp(path, "-");
	FILE *f = in ? stdin : fopen(path, "rb");
	size_t cap = 0, n = 0;
	char *buf = NULL;

	if (!f)
		return fwd_error_set(err, errno == ENOENT ? FWD_ENOTFOUND
							  : FWD_EIO, shown, 0,
				     0, "cannot read report: %s",
				     strerror(errno));
	for (;;) {
		if (n == cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_REPORT_BYTES + 1 ||
			    !(nb = realloc(buf, cap))) {
				free(buf);
				if (!in)
					fclose(f);
				return cap > MAX_REPORT_BYTES + 1
					? fwd_error_set(err, FWD_EINVAL, shown, 0,
							0, "not a report: larger "
							"than %u MiB",
							MAX_REPORT_BYTES >> 20)
					: FWD_ENOMEM;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;

		free(buf);
		if (!in)
			fclose(f);
		return fwd_error_set(err, FWD_EIO, shown, 0, 0,
				     "cannot read report: %s", strerror(e));
	}
	if (!in)
		fclose(f);
	*text = buf;
	*len = n;
	return 0;
}

int compare_load(struct cmp_report **out, const char *path,
		 struct fwd_error *err)
{
	const char *shown = strcmp(path, "-") ? path : "(standard input)";
	struct chk c = { .path = shown, .err = err };
	struct cmp_report *r;
	json_error_t jerr;
	char *text = NULL;
	int rc;

	*out = NULL;
	if ((rc = slurp(path, shown, &text, &c.len, err)))
		return rc;
	c.text = text;
	if (!c.len) {
		free(text);
		return fwd_error_set(err, FWD_EINVAL, shown, 0, 0, "empty file: "
				     "expected a " REPORT_SCHEMA " JSON report");
	}
	if (!(r = calloc(1, sizeof(*r))) || !(r->path = strdup(shown))) {
		free(r);
		free(text);
		return FWD_ENOMEM;
	}
	r->root = json_loadb(text, c.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->root)
		rc = fwd_error_set(err, FWD_EINVAL, shown, jerr.line,
				   jerr.column, "not JSON: %s (expected a "
				   REPORT_SCHEMA " report)", jerr.text);
	else
		rc = check_root(&c, r);
	jsonpos_free(c.pos);
	free(text);
	if (rc) {
		compare_report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void compare_report_free(struct cmp_report *r)
{
	if (!r)
		return;
	json_decref(r->root);
	free(r->path);
	free(r);
}
