/*
 * baseline_parse.c — the strict readers of baseline JSON values shared by
 * the loader and the overlay code: every wrong key, type or name becomes
 * an error at its file:line:column, never a silent default.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "baseline_parse.h"
#include "jsonpos.h"

int bl_fail(struct bl_ctx *c, const char *path, const char *fmt, ...)
{
	int line = 0, col = 0;
	va_list ap;

	jsonpos_lookup(c->pos, path, &line, &col);
	va_start(ap, fmt);
	fwd_error_setv(c->err, FWD_EINVAL, c->source, line, col, fmt, ap);
	va_end(ap);
	return FWD_EINVAL;
}

bool bl_valid_name(const char *s)
{
	bool dash_ok = false;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (islower((unsigned char)*s) || isdigit((unsigned char)*s))
			dash_ok = true;
		else if (*s == '-' && dash_ok)
			dash_ok = false;
		else
			return false;
	}
	return dash_ok;
}

/* Refuse keys outside allowed (a NULL-terminated list). */
int bl_check_keys(struct bl_ctx *c, json_t *obj, const char *path,
		      const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *a;
		char sub[512];

		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (!*a) {
			snprintf(sub, sizeof(sub), "%s%s%s", path,
				 *path ? "." : "", key);
			return bl_fail(c, sub, "unknown key '%s' in %s", key,
				    *path ? path : "the baseline");
		}
	}
	return 0;
}

int bl_get_str(struct bl_ctx *c, json_t *obj, const char *path,
		   const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char sub[512];

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	*out = NULL;
	if (!v) {
		if (required)
			return bl_fail(c, path, "missing key '%s' (expected a "
				    "string)", key);
		return 0;
	}
	if (!json_is_string(v))
		return bl_fail(c, sub, "'%s' must be a string", key);
	*out = json_string_value(v);
	return 0;
}

int bl_get_name(struct bl_ctx *c, json_t *obj, const char *path,
		    const char *key, bool required, const char **out)
{
	char sub[512];
	int rc = bl_get_str(c, obj, path, key, required, out);

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	if (!rc && *out && !bl_valid_name(*out))
		return bl_fail(c, sub, "'%s' must be lowercase-with-dashes "
			    "(a-z, 0-9, single dashes), got '%s'", key, *out);
	return rc;
}

json_t *bl_get_array(struct bl_ctx *c, json_t *obj, const char *path,
			 const char *key, bool required, int *rc)
{
	json_t *v = json_object_get(obj, key);
	char sub[512];

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	*rc = 0;
	if (!v) {
		if (required)
			*rc = bl_fail(c, path, "missing key '%s' (expected an "
				   "array)", key);
		return NULL;
	}
	if (!json_is_array(v)) {
		*rc = bl_fail(c, sub, "'%s' must be an array", key);
		return NULL;
	}
	return v;
}

const struct bl_named_range *bl_find_range(const struct baseline *b,
					       const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < b->n_ranges; i++)
		if (strlen(b->ranges[i].name) == len &&
		    !strncmp(b->ranges[i].name, name, len))
			return &b->ranges[i];
	return NULL;
}

/* "135,139,windows-dynamic-rpc": numbers, ranges and named ranges. */
int bl_parse_ports(struct bl_ctx *c, const char *path, const char *spec,
		       struct portset *out, bool allow_names)
{
	const char *p = spec;

	if (!*spec)
		return bl_fail(c, path, "empty port list (expected ports like "
			    "\"22\", \"1514-1516\" or a named range)");
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char tok[128];
		size_t bad;
		struct portset one = PORTSET_INIT;
		const struct bl_named_range *nr;

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (!len || len >= sizeof(tok))
			return bl_fail(c, path, "bad port list \"%s\": empty "
				    "element (expected N, A-B or a named "
				    "range)", spec);
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (isdigit((unsigned char)tok[0])) {
			int rc = portset_parse(&one, tok, &bad);

			if (rc == 0 && one.n && one.r[0].lo == 0)
				rc = FWD_EINVAL;
			if (rc) {
				portset_free(&one);
				return bl_fail(c, path, "bad port '%s' in \"%s\" "
					    "(expected 1-65535 or A-B with "
					    "A <= B)", tok, spec);
			}
			rc = portset_union(out, &one);
			portset_free(&one);
			if (rc)
				return rc;
		} else if (allow_names &&
			   (nr = bl_find_range(c->b, tok, len)) != NULL) {
			if (portset_union(out, &nr->ports))
				return FWD_ENOMEM;
		} else {
			return bl_fail(c, path, "unknown named range '%s' in "
				    "\"%s\"%s", tok, spec,
				    allow_names ? " (declare it in named_ranges)"
						: "");
		}
		p = end ? end + 1 : p + strlen(p);
		if (end && !*p)
			return bl_fail(c, path, "bad port list \"%s\": trailing "
				    "comma", spec);
	}
	return 0;
}

bool bl_has_named(const struct bl_named *list, unsigned n,
		      const char *name)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, name))
			return true;
	return false;
}

int bl_load_enum(struct bl_ctx *c, json_t *o, const char *path,
		     const char *key, const char *const *vals, bool required,
		     int def, int *out)
{
	const char *s;
	char sub[512];
	int rc = bl_get_str(c, o, path, key, required, &s);
	int i;

	if (rc)
		return rc;
	*out = def;
	if (!s)
		return 0;
	for (i = 0; vals[i]; i++)
		if (!strcmp(vals[i], s)) {
			*out = i;
			return 0;
		}
	snprintf(sub, sizeof(sub), "%s.%s", path, key);
	return bl_fail(c, sub, "bad %s '%s' (expected %s%s%s%s%s)", key, s,
		    vals[0], vals[1] ? ", " : "", vals[1] ? vals[1] : "",
		    vals[1] && vals[2] ? " or " : "",
		    vals[1] && vals[2] ? vals[2] : "");
}

char *bl_origin(struct bl_ctx *c, const char *path)
{
	int line = 0, col = 0;
	char buf[FWD_ERROR_SOURCE_LEN + 32];

	jsonpos_lookup(c->pos, path, &line, &col);
	snprintf(buf, sizeof(buf), "%s:%d:%d", c->source, line, col);
	return strdup(buf);
}
